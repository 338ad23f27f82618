import { css } from 'lit';

/**
 * The small panels inside a Roulette view (interests, blocked list, call
 * safety): always shown where rendered — the shared rule hides hosts
 * without \`active\`, which only session views set — and their disclosures.
 */
export const panelStyles = css`
  :host(:not([active])) {
    display: grid !important;
    gap: 0.5rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    min-height: 2.75rem;
    display: flex;
    align-items: center;
  }
`;
