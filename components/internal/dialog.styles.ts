import { css } from 'lit';

/** The modal dialogs of the lazily loaded safety panels (consent, block, report). */
export const dialogStyles = css`
  /* Shown whenever rendered: the shared rule hides hosts without \`active\` (session views). */
  :host(:not([active])) {
    display: contents !important;
  }
  dialog {
    max-width: min(32rem, calc(100vw - 2rem));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    padding: calc(var(--_gap) * 1.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  form {
    display: grid;
    gap: var(--_gap);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 600;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.4rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
`;
