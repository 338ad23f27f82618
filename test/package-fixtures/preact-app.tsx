/** @jsxImportSource preact */
import type {} from 'roulette-calls/jsx-preact';

export const App = () => (
  <roulette-session server="https://calls.example" silent consentAge={16} onroulette-call-end={(event) => console.log(event.detail.reason)}>
    <roulette-login hideServer heading="Hi" />
    <roulette-call hideControls="full-screen" onroulette-screen-share={(event) => console.log(event.detail.local)} />
    <roulette-devices />
  </roulette-session>
);
