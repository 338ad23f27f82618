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

  :host([receiving]) .waiting {
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

  @keyframes roulette-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;
