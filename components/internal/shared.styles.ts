import { css } from 'lit';

/**
 * Theme tokens and the controls every Roulette element shares. Public
 * `--roulette-*` properties win; the defaults follow the page's colour scheme.
 */
export const sharedStyles = css`
  :host {
    --_accent: var(--roulette-accent, #4f46e5);
    --_accent-text: var(--roulette-accent-text, #ffffff);
    --_danger: var(--roulette-danger, #c62828);
    --_danger-text: var(--roulette-danger-text, #ffffff);
    --_success: var(--roulette-success, #1b7f3b);
    --_success-text: var(--roulette-success-text, #ffffff);
    --_surface: var(--roulette-surface, #ffffff);
    --_surface-alt: var(--roulette-surface-alt, #f3f4f8);
    --_text: var(--roulette-text, #1b1b22);
    --_muted: var(--roulette-muted, #5b5d6b);
    --_border: var(--roulette-border, #c9cbd6);
    --_focus: var(--roulette-focus-ring, #2563eb);
    --_info-bg: var(--roulette-info-background, #e8f0fe);
    --_error-bg: var(--roulette-error-background, #fdecec);
    --_radius: var(--roulette-radius, 12px);
    --_gap: var(--roulette-gap, 1rem);
    --_font: var(--roulette-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);

    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.45;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--roulette-accent, #8b83ff);
      --_accent-text: var(--roulette-accent-text, #12111f);
      --_danger: var(--roulette-danger, #ff6b6b);
      --_danger-text: var(--roulette-danger-text, #1d0d0d);
      --_success: var(--roulette-success, #4cc27a);
      --_success-text: var(--roulette-success-text, #08210f);
      --_surface: var(--roulette-surface, #1c1d24);
      --_surface-alt: var(--roulette-surface-alt, #272832);
      --_text: var(--roulette-text, #ececf2);
      --_muted: var(--roulette-muted, #a9abb8);
      --_border: var(--roulette-border, #454756);
      --_focus: var(--roulette-focus-ring, #9ec1ff);
      --_info-bg: var(--roulette-info-background, #1f2a44);
      --_error-bg: var(--roulette-error-background, #431d1f);
    }
  }

  :host(:not([active])) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [part~='base'] {
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_gap) * 1.25);
    display: grid;
    gap: var(--_gap);
  }

  h2 {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.25;
  }

  p {
    margin: 0;
  }

  .muted {
    color: var(--_muted);
    font-size: 0.9rem;
  }

  form {
    display: grid;
    gap: 0.5rem;
  }

  label {
    font-weight: 600;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: stretch;
  }

  .row > input {
    flex: 1 1 9rem;
    min-width: 0;
  }

  input,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface-alt);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    padding: 0.6rem 0.75rem;
    min-height: 2.75rem;
  }

  button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.66);
    padding: 0.6rem 1.1rem;
    min-height: 2.75rem;
    /* Long words and translations wrap inside the button rather than spill out of it. */
    max-width: 100%;
    overflow-wrap: anywhere;
    background: var(--_accent);
    color: var(--_accent-text);
    transition: filter 120ms ease, transform 120ms ease;
  }

  button:hover:not(:disabled) {
    filter: brightness(1.08);
  }

  button:active:not(:disabled) {
    transform: translateY(1px);
  }

  button:disabled {
    cursor: progress;
    opacity: 0.65;
  }

  button.secondary {
    background: transparent;
    color: var(--_text);
    border-color: var(--_border);
  }

  button.danger {
    background: var(--_danger);
    color: var(--_danger-text);
  }

  button.success {
    background: var(--_success);
    color: var(--_success-text);
  }

  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .notice:empty {
    display: none;
  }

  .notice {
    overflow-wrap: anywhere;
    border-radius: calc(var(--_radius) * 0.66);
    padding: 0.6rem 0.8rem;
    font-size: 0.95rem;
  }

  .notice[role='status'] {
    background: var(--_info-bg);
  }

  .notice[role='alert'] {
    background: var(--_error-bg);
    border-inline-start: 4px solid var(--_danger);
  }

  .banner {
    border-radius: calc(var(--_radius) * 0.66);
    padding: 0.5rem 0.8rem;
    background: var(--_info-bg);
    font-weight: 600;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  /* The spinners of <roulette-login> and <roulette-call>. */
  @keyframes roulette-spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
