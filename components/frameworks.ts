// Types for frameworks' templates: which properties each element takes and
// which events it fires, as JSX intrinsic elements (React 19 in
// components/jsx-react.ts, Preact in components/jsx-preact.ts) build them.
import type { RouletteEventMap } from './events.js';
import type { RouletteLogin } from './roulette-login/roulette-login.js';
import type { RouletteSessionElement } from './roulette-session/roulette-session.js';

/** `on<event name>` handlers, the way React 19 and Preact listen to a custom element's events. */
export type RouletteEventHandlers = {
  [K in keyof RouletteEventMap as `on${K}`]?: (event: RouletteEventMap[K]) => void;
};

/** What every Roulette element that renders a session takes. */
export interface RouletteViewProps {
  /** The session to render; by default the nearest `<roulette-session>`'s. */
  session?: RouletteSessionElement['session'];
}

/** The properties (and attributes) of each element, for JSX. */
export interface RouletteElementProps {
  'roulette-session': Partial<Pick<RouletteSessionElement, 'server' | 'session' | 'silent' | 'notify'>> & RouletteEventHandlers;
  'roulette-login': RouletteViewProps & Partial<Pick<RouletteLogin, 'hideHeading' | 'hideServer'>>;
  'roulette-lobby': RouletteViewProps;
  'roulette-call': RouletteViewProps;
  'roulette-devices': RouletteViewProps;
}
