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

  .ringing {
    display: inline-flex;
    gap: 0.3em;
    margin-inline-start: 0.4em;
    vertical-align: middle;
  }

  .ringing span {
    width: 0.4em;
    height: 0.4em;
    border-radius: 50%;
    background: var(--_accent);
    animation: roulette-pulse 1.2s ease-in-out infinite;
  }

  .ringing span:nth-child(2) {
    animation-delay: 0.2s;
  }

  .ringing span:nth-child(3) {
    animation-delay: 0.4s;
  }

  @keyframes roulette-pulse {
    0%,
    80%,
    100% {
      opacity: 0.25;
      transform: scale(0.8);
    }
    40% {
      opacity: 1;
      transform: scale(1);
    }
  }
`;
