import { css } from 'lit';

/** The media controls of `<roulette-call>` (media-controls.ts) and a shared screen on the stage. */
export const mediaStyles = css`
  /* A shared screen is shown whole, never cropped; "camera is off" does not cover it. */
  :host([peer-sharing]) [part='remote-video'] {
    object-fit: contain;
  }

  :host([peer-sharing]) .waiting.off {
    display: none;
  }

  .share-notice {
    position: absolute;
    left: 0.75rem;
    bottom: 0.75rem;
    /* Beside your preview (at most 13rem wide, 24 % of the stage). */
    max-width: calc(76% - 2.75rem);
    padding: 0.25rem 0.6rem;
    border-radius: 0.75rem;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    font-size: 0.9rem;
  }

  .share-notice:empty {
    display: none;
  }

  .tools {
    position: absolute;
    top: 0.5rem;
    right: 0.5rem;
    display: flex;
    gap: 0.35rem;
  }

  .stage .tool {
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    min-width: 0;
    padding: 0;
    border-radius: 50%;
    border: 1px solid rgb(255 255 255 / 0.35);
    background: rgb(0 0 0 / 0.55);
    color: #fff;
  }

  .stage .tool:hover {
    background: rgb(0 0 0 / 0.75);
  }

  .stage .tool[aria-pressed='true'] {
    background: #fff;
    color: #0d0e12;
  }

  /* Full screen: the stage fills the screen, the other person's picture whole. */
  .stage:fullscreen {
    max-height: none;
    aspect-ratio: auto;
    border-radius: 0;
  }

  .stage:fullscreen [part='remote-video'] {
    object-fit: contain;
  }

  /* A narrow window (phones cannot share): "Share screen" as an icon, so the bar stays one row. */
  @container (max-width: 30rem) {
    .controls [part='share-button'] {
      flex: 0 0 3rem;
    }

    /* Not shown, still its accessible name. */
    .controls [part='share-button'] .label {
      font-size: 0;
    }

    .share-notice {
      font-size: 0.8rem;
    }
  }
`;
