import { html } from 'lit';

/** A 24×24 stroke icon in `currentColor`; under `.off` its slash shows (a control that is off). */
export const icon = (d: string) =>
  html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${d}></path><path class="slash" d="M3 3l18 18"></path></svg>`;
