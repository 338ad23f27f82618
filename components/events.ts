// The public events of a Roulette session, with their `detail` types: fired on
// the session and re-fired on the page by `<roulette-session>`.
import type { Role } from '../protocol/index.js';
import type { CallStats } from './session/call-stats.js';
import type { CallEndReason, Notice, Phase } from './session/state.js';

/** `roulette-state-change`: the session moved to another phase. */
export interface RouletteStateChangeDetail {
  /** The new phase. */
  state: Phase;
  /** The phase before. */
  previous: Phase;
  /** Your registered name (absent while disconnected). */
  username?: string;
  /** The other person in `outgoing`, `incoming` and `in-call`. */
  peer?: string;
}

/** `roulette-call-start`: a call was accepted; media are being set up. */
export interface RouletteCallStartDetail {
  peer: string;
  /** `caller` if you placed the call. */
  role: Role;
}

/** `roulette-call-end`: an accepted call ended. */
export interface RouletteCallEndDetail {
  peer: string;
  reason: CallEndReason;
}

/** `roulette-matched`: Roulette mode paired you with a random stranger; the call starts at once. */
export interface RouletteMatchedDetail {
  /** The stranger's name. */
  peer: string;
  /** `caller` if you send the offer (you waited longer). */
  role: Role;
}

/** `roulette-next`: you pressed Next — left `peer` and are looking for the next stranger. */
export interface RouletteNextDetail {
  /** The stranger you left. */
  peer: string;
}

/** `roulette-incoming-call`: someone is calling you. */
export interface RouletteIncomingCallDetail {
  from: string;
}

/** `roulette-error`: something failed; `message` is the sentence shown to the person. */
export interface RouletteErrorDetail {
  code: string;
  message: string;
}

/** `roulette-reconnecting`: the signaling connection dropped (`true`) or was resumed (`false`). */
export interface RouletteReconnectingDetail {
  reconnecting: boolean;
}

/** `roulette-screen-share`: a screen share started or stopped during the call with `peer`. */
export interface RouletteScreenShareDetail {
  action: 'start' | 'stop';
  peer: string;
  /** `true`: your screen; `false`: the other person's. */
  local: boolean;
}

/** Every event a Roulette session fires (on the session, and from `<roulette-session>` as bubbling, composed DOM events). */
export interface RouletteEventMap {
  'roulette-state-change': CustomEvent<RouletteStateChangeDetail>;
  'roulette-call-start': CustomEvent<RouletteCallStartDetail>;
  'roulette-call-end': CustomEvent<RouletteCallEndDetail>;
  'roulette-incoming-call': CustomEvent<RouletteIncomingCallDetail>;
  'roulette-matched': CustomEvent<RouletteMatchedDetail>;
  'roulette-next': CustomEvent<RouletteNextDetail>;
  'roulette-error': CustomEvent<RouletteErrorDetail>;
  'roulette-notice': CustomEvent<Notice>;
  'roulette-reconnecting': CustomEvent<RouletteReconnectingDetail>;
  /** Every 2 s while a call is connected: the connection quality. */
  'roulette-stats': CustomEvent<CallStats>;
  /** A screen share started or stopped (yours or the other person's). */
  'roulette-screen-share': CustomEvent<RouletteScreenShareDetail>;
}

export const ROULETTE_EVENTS = [
  'roulette-state-change',
  'roulette-call-start',
  'roulette-call-end',
  'roulette-incoming-call',
  'roulette-matched',
  'roulette-next',
  'roulette-error',
  'roulette-notice',
  'roulette-reconnecting',
  'roulette-stats',
  'roulette-screen-share',
] as const satisfies ReadonlyArray<keyof RouletteEventMap>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends RouletteEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends RouletteEventMap {}
}
