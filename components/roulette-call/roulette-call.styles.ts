import { css } from 'lit';

export const callStyles = css`
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 1rem;
  }

  .bar h2 {
    overflow-wrap: anywhere;
  }

  .stage {
    position: relative;
    overflow: hidden;
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--roulette-video-background, #0d0e12);
    aspect-ratio: 3 / 4;
    max-height: 72vh;
    width: 100%;
  }

  @media (min-width: 640px) {
    .stage {
      aspect-ratio: 16 / 9;
    }
  }

  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: transparent;
  }

  [part='remote-video'] {
    object-fit: var(--roulette-remote-fit, cover);
  }

  .waiting {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.75rem;
    padding: 1rem;
    text-align: center;
    color: #f1f1f5;
    background: var(--roulette-video-background, #0d0e12);
  }

  .waiting::before {
    content: '';
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 50%;
    border: 3px solid rgb(255 255 255 / 0.25);
    border-top-color: #ffffff;
    animation: roulette-spin 1s linear infinite;
  }

  :host([receiving]) .waiting:not(.off) {
    display: none;
  }

  .off::before {
    display: none;
  }

  .local {
    position: absolute;
    right: 0.75rem;
    bottom: 0.75rem;
    width: clamp(6rem, 26%, 14rem);
    aspect-ratio: 4 / 3;
    border-radius: calc(var(--_radius) * 0.6);
    overflow: hidden;
    border: 2px solid rgb(255 255 255 / 0.8);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.35);
    background: #202229;
  }

  [part='local-video'] {
    transform: scaleX(-1);
  }

  .controls {
    display: flex;
    justify-content: center;
  }

  .controls button {
    min-width: 10rem;
  }

  .controls {
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  /* With "Next" there are four controls: two rows of two on a phone. */
  @container (max-width: 30rem) {
    .controls:has([part='next-button']) button[type='button'] {
      flex: 1 1 40%;
    }
  }

  [part='base'] {
    container-type: inline-size;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1rem;
    color: var(--_muted);
    font-size: 0.9rem;
  }

  [part='duration'] {
    font-variant-numeric: tabular-nums;
  }

  details {
    position: relative;
  }

  summary {
    cursor: pointer;
  }

  summary::before {
    content: '●';
    margin-right: 0.3em;
    color: var(--_success);
  }

  .fair summary::before {
    color: #d99a00;
  }

  .poor summary::before {
    color: var(--_danger);
  }

  details p {
    max-width: 15rem;
    margin-top: 0.25rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }

  .main {
    display: grid;
    gap: var(--_gap);
  }

  .call {
    display: grid;
    gap: var(--_gap);
    align-content: start;
  }

  @container (min-width: 50rem) {
    .main {
      grid-template-columns: minmax(0, 1fr) 17rem;
    }
  }

  .peer-state {
    position: absolute;
    top: 0.75rem;
    left: 0.75rem;
    padding: 0.25rem 0.6rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    font-size: 0.9rem;
  }

  .peer-state:empty {
    display: none;
  }

  .local > span {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    color: #f1f1f5;
    background: #202229;
    font-size: 0.85rem;
  }

  .controls .toggle {
    min-width: 7rem;
    background: var(--_surface-alt);
    color: var(--_text);
    border-color: var(--_border);
  }

  .controls .off {
    background: var(--_text);
    color: var(--_surface);
  }

  .chat {
    display: grid;
    grid-template-rows: 1fr auto;
    gap: 0.5rem;
  }

  .log {
    contain: size;
    min-height: 8rem;
    overflow-y: auto;
    display: grid;
    align-content: start;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_surface-alt);
    overflow-wrap: anywhere;
  }

  .log:empty::before {
    content: 'No messages yet.';
    color: var(--_muted);
  }

  .chat button {
    min-width: 0;
  }

  @container (min-width: 30rem) {
    details p {
      position: absolute;
      right: 0;
      z-index: 1;
      width: max-content;
    }
  }

  @container (max-width: 30rem) {
    .controls button,
    .controls button.toggle {
      flex: 1;
      min-width: 0;
      padding-inline: 0.25rem;
      white-space: nowrap;
    }
  }
`;
