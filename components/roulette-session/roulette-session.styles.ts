import { css } from 'lit';

export const sessionStyles = css`
  :host {
    display: grid;
    gap: var(--roulette-gap, 1rem);
  }

  [part='base'] {
    display: contents;
  }

  /* Its slotted terms stay out of sight until the consent chunk defines it (its dialog is closed). */
  roulette-consent-gate:not(:defined) {
    display: none;
  }

  /* The incoming-call announcement: read out, not shown (the lobby shows the call). */
  [part='announcement'] {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
