import { css } from 'lit';

export const lobbyStyles = css`
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }

  .who strong {
    overflow-wrap: anywhere;
  }

  .request {
    display: grid;
    gap: 0.75rem;
    padding: var(--_gap);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface-alt);
    border: 1px solid var(--_border);
  }

  .request h2 {
    font-size: 1.15rem;
    overflow-wrap: anywhere;
  }

  /* Your camera while calling, answering or looking: a mirror, as in a call. */
  .preview {
    position: relative;
    justify-self: center;
    width: min(100%, 20rem);
    aspect-ratio: 4 / 3;
    overflow: hidden;
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--roulette-video-background, #0d0e12);
  }

  .preview video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }

  /* "Reconnecting…" over your picture, never pushing it down. */
  .preview .banner {
    position: absolute;
    inset: 0.5rem 0.5rem auto;
    margin: 0;
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.3);
  }

  .request .row > button {
    flex: 1 1 8rem;
  }

  .stranger {
    display: grid;
    gap: 0.75rem;
  }

  .or {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    color: var(--_muted);
    font-size: 0.85rem;
  }

  .or::before,
  .or::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_border);
  }
`;
