/** @jsxImportSource preact */
import type {} from 'roulette-calls/jsx-preact';

export const A = () => <roulette-session servr="https://calls.example" />; // error: misspelled attribute
export const B = () => <roulette-login hideServer="yes" />; // error: a boolean property
