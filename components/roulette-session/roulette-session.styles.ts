import { css } from 'lit';

export const sessionStyles = css`
  :host {
    display: grid;
    gap: var(--roulette-gap, 1rem);
  }

  [part='base'] {
    display: contents;
  }
`;
