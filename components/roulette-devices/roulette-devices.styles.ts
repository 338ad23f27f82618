import { css } from 'lit';

export const devicesStyles = css`
  [part='base'] {
    display: block;
    padding: 0.6rem 0.9rem;
    background: var(--_surface-alt);
  }

  summary {
    cursor: pointer;
    font-weight: 600;
  }

  .list {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0.5rem 1rem;
    margin-top: 0.5rem;
  }

  label {
    display: grid;
    gap: 0.25rem;
  }

  select {
    background: var(--_surface);
    font-weight: 400;
    min-width: 0;
    min-height: 0;
    padding: 0.45rem 0.5rem;
  }
`;
