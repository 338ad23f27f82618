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
  /* Inside <details> the flat tree passes through the UA's own slot, which does not inherit our box-sizing. */
  details > * {
    box-sizing: border-box;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    /* A list item keeps the disclosure triangle; the padding keeps a 44 px target. */
    padding-block: 0.6rem;
  }
`;
