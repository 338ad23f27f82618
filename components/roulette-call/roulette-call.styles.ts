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
    /* As large as the column allows, but the controls stay on screen. */
    aspect-ratio: 16 / 9;
    max-height: max(14rem, calc(100dvh - 14rem));
    width: 100%;
  }

  /* A portrait phone: a 4:3 stage, and the whole picture (no cropped sides). */
  @media (orientation: portrait) and (max-width: 40rem) {
    .stage {
      aspect-ratio: 4 / 3;
    }

    [part='remote-video'] {
      --_fit: contain;
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
    object-fit: var(--roulette-remote-fit, var(--_fit, cover));
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
    inset-inline-end: 0.75rem;
    bottom: 0.75rem;
    width: clamp(5.5rem, 24%, 13rem);
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
    min-width: 9rem;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.45rem;
  }

  .icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .slash {
    display: none;
  }

  /* The handset reads better solid. */
  [part='hangup-button'] .icon {
    fill: currentColor;
    stroke-width: 1;
  }

  /* "Next" points the way the line reads. */
  [part='next-button'] .icon:dir(rtl) {
    transform: scaleX(-1);
  }

  /* Muted, camera off: a struck-through icon and a red outline, not only a colour change. */
  .off .slash {
    display: inline;
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
    margin-inline-end: 0.3em;
    color: var(--_success);
  }

  .fair summary::before {
    color: #d99a00;
  }

  .poor summary::before {
    color: var(--_danger);
  }

  details p {
    max-width: 24rem;
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
      grid-template-columns: minmax(0, 1fr) 18rem;
    }
  }

  .peer-state {
    position: absolute;
    top: 0.75rem;
    inset-inline-start: 0.75rem;
    padding: 0.25rem 0.6rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    font-size: 0.9rem;
  }

  .peer-state:empty {
    display: none;
  }

  .local > .cover {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: end center;
    padding-bottom: 0.4rem;
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
    background: var(--_error-bg);
    color: var(--_text);
    border: 2px solid var(--_danger);
  }

  /* "Muted" over your own preview. */
  .badge {
    position: absolute;
    inset-inline-start: 0.3rem;
    top: 0.3rem;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.1rem 0.45rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.75);
    color: #fff;
    font-size: 0.8rem;
    font-weight: 600;
  }



  /* A phone: the icon above its word, like a call app's control bar. */
  @container (max-width: 30rem) {
    .controls button,
    .controls button.toggle {
      flex: 1;
      min-width: 0;
      flex-direction: column;
      gap: 0.1rem;
      padding: 0.35rem 0.25rem;
      font-size: 0.85rem;
      white-space: nowrap;
    }
  }
`;
