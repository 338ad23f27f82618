import { css } from 'lit';

export const loginStyles = css`
  .server {
    overflow-wrap: anywhere;
  }

  .connecting::after {
    content: '';
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    margin-inline-start: 0.5em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    vertical-align: -0.1em;
    animation: roulette-spin 0.8s linear infinite;
  }
`;
