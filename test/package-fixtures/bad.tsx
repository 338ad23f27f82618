import type {} from 'roulette-calls/jsx-react';

export const A = () => <roulette-session servr="https://calls.example" />; // error: misspelled attribute
export const B = () => <roulette-login hideHeadng />; // error: misspelled property
export const C = () => <roulette-session silent="yes" />; // error: a boolean property
export const D = () => <roulette-session consentAge="eighteen" />; // error: a number property
export const E = () => <roulette-session onroulette-call-end={(e) => e.detail.peers} />; // error: no such detail field
export const F = () => <roulette-call hideControls={['full-screen']} />; // error: a string property
export const G = () => <roulette-lobby session="alice" />; // error: a session object, not a name
export const H = () => <roulette-call state="in-call" />; // error: reflected for styling, not set
export const I = () => <roulette-call style={{ '--roulette-acent': 'red' }} />; // error: misspelled CSS custom property
