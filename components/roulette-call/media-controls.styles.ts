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

  /* With the notices over the stage (.overlays). */
  .share-notice {
    padding: 0.4rem 0.8rem;
    border-radius: 0.9rem;
    background: rgb(0 0 0 / 0.72);
    color: #fff;
    font-size: 0.9rem;
  }

  .share-notice:empty {
    display: none;
  }
`;
