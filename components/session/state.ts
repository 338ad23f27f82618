// The session's state as data: the phases of the calling workflow and the
// moves allowed between them (one table, checked on every change in
// development builds and tests), the snapshot elements render, and why a
// call ended.
import type { Role } from '../../protocol/index.js';
import type { ChatMessage } from './call-channel.js';
import type { CallStats } from './call-stats.js';
import type { DeviceChoice } from './devices.js';

/**
 * Where the session is in the calling workflow. Answering an incoming call
 * (accepted, camera starting) stays `incoming`, with `answering` set.
 */
export type Phase = 'disconnected' | 'connecting' | 'idle' | 'searching' | 'outgoing' | 'incoming' | 'in-call';

/**
 * The workflow's steps: the phases, and answering as a step of its own (the
 * snapshot shows it as `incoming` with `answering` set; for the server the
 * call is on already).
 */
export type Step = Phase | 'answering';

/** The steps each step may move to: the session's state machine, all of it. */
export const TRANSITIONS: { readonly [From in Step]: readonly Step[] } = {
  disconnected: ['connecting'],
  // Registered, or refused (or `disconnect()` meanwhile).
  connecting: ['idle', 'disconnected'],
  // You call, someone calls you (or a reload shows their call again), you look for a stranger.
  idle: ['outgoing', 'incoming', 'searching', 'disconnected'],
  searching: ['in-call', 'idle', 'disconnected'],
  outgoing: ['in-call', 'idle', 'disconnected'],
  incoming: ['answering', 'idle', 'disconnected'],
  answering: ['in-call', 'idle', 'disconnected'],
  // Ended, or Next: straight on to the next stranger.
  'in-call': ['idle', 'searching', 'disconnected'],
};

/** The steps in which the server holds something of ours: a queue place, a request, a call. */
export const UNDER_WAY: readonly Step[] = ['searching', 'outgoing', 'incoming', 'answering', 'in-call'];

/** The step a snapshot is at. */
export function stepOf(state: Pick<SessionState, 'phase' | 'answering'>): Step {
  return state.answering ? 'answering' : state.phase;
}

/** Why an accepted call ended. */
export type CallEndReason =
  /** You hung up (or pressed Next). */
  | 'hangup'
  /** The other person hung up. */
  | 'peer-hangup'
  /** The other person's connection dropped for good. */
  | 'peer-disconnected'
  /** Your camera/microphone could not be used. */
  | 'media-error'
  /** The peer-to-peer connection could not be set up. */
  | 'connection-failed'
  /** The signaling connection ended (server closed it, or it could not be resumed). */
  | 'signaling-closed'
  /** You disconnected. */
  | 'disconnected';

/** A message for the person: `info` is shown as a status, `error` as an alert. */
export interface Notice {
  tone: 'info' | 'error';
  /** Stable code for programs (e.g. `USERNAME_TAKEN`, `rejected`, `media-denied`). */
  code: string;
  /** The sentence shown (in the page's language when the notice was made). */
  message: string;
  /** The sentence in the page's current language (elements render this, so a language switch shows). */
  text?: () => string;
}

/** A snapshot of the session; replaced (never mutated) on every change. */
export interface SessionState {
  readonly phase: Phase;
  /** The signaling server URL. */
  readonly server: string;
  /** Your registered name. */
  readonly username?: string;
  /** True when the server issued the name (you connected without one). */
  readonly guest: boolean;
  /** The other person (outgoing, incoming, in-call). */
  readonly peer?: string;
  /** Your role in the current call or request. */
  readonly role?: Role;
  /** The call is a random match with a stranger (Roulette mode): "Next" applies. */
  readonly matched: boolean;
  /** Signaling is briefly lost and being resumed; the phase is kept. */
  readonly reconnecting: boolean;
  /**
   * In `incoming`: you accepted (the server was told at once, so for it the
   * call is on) and your camera is starting; `in-call` follows when it is on.
   */
  readonly answering: boolean;
  /** @deprecated The same as `answering` (its former name). */
  readonly busy: boolean;
  readonly notice?: Notice;
  /** Your own camera and microphone. */
  readonly localStream?: MediaStream;
  /** The other person's camera and microphone. */
  readonly remoteStream?: MediaStream;
  /** The peer connection's `connectionState` during a call. */
  readonly connection?: RTCPeerConnectionState;
  /** The peer-to-peer path broke and is being restored (ICE restart); the phase is kept. */
  readonly recovering?: boolean;
  /** When the call started (ms since the epoch), for its duration. */
  readonly since?: number;
  /** Your microphone is off ("Mute"); each call starts with it on. */
  readonly muted?: boolean;
  /** Your camera is off; each call starts with it on. */
  readonly cameraOff?: boolean;
  /** Your screen is shared in place of your camera. */
  readonly sharing?: boolean;
  /** The other person shares their screen (they tell over the data channel). */
  readonly peerSharing?: boolean;
  /** The other person's microphone is off or missing (they tell over the data channel). */
  readonly peerMuted?: boolean;
  /** The other person's camera is off or missing. */
  readonly peerCameraOff?: boolean;
  /** The call's chat, oldest first (the last 200 lines). */
  readonly messages?: readonly ChatMessage[];
  /** The other person left the chat: their side of the call closed. */
  readonly chatClosed?: boolean;
  /** The latest connection-quality sample (every 2 s while connected). */
  readonly stats?: CallStats;
  /** The camera, microphone and speaker chosen, by `deviceId` (remembered in `localStorage`). */
  readonly devices?: DeviceChoice;
  /** v2: the interests you share with the stranger you were matched with (compared form: lower case). */
  readonly common?: readonly string[];
  /** v2: the names you blocked while connected (the server keeps the list; this is what you blocked here). */
  readonly blocked?: readonly string[];
}

/** A change to the snapshot. */
export type StatePatch = Partial<{ -readonly [K in keyof SessionState]: SessionState[K] }>;

/** A session that has not connected yet. */
export function initialState(server: string, devices?: DeviceChoice): SessionState {
  return { phase: 'disconnected', server, guest: false, reconnecting: false, answering: false, busy: false, matched: false, devices };
}

/** What each call attempt starts (and ends) without. */
export const NO_CALL: StatePatch = {
  peer: undefined,
  role: undefined,
  matched: false,
  answering: false,
  localStream: undefined,
  remoteStream: undefined,
  connection: undefined,
  recovering: false,
  since: undefined,
  muted: false,
  cameraOff: false,
  peerMuted: false,
  peerCameraOff: false,
  sharing: false,
  peerSharing: false,
  messages: undefined,
  chatClosed: false,
  stats: undefined,
  common: undefined,
};

/** The server counts the call as on: in a call, or answering one (accepted, camera starting). */
export function callIsOn(state: SessionState): boolean {
  const step = stepOf(state);
  return step === 'in-call' || step === 'answering';
}

// Replaced by `false` in the CDN bundle (rollup.config.mjs), which drops the
// check; everywhere else (tests, dev servers, the package's lib/) it is on,
// unless a page's bundler defines it `false` too.
declare const ROULETTE_DEV: boolean | undefined;
const CHECKED = typeof ROULETTE_DEV === 'undefined' || ROULETTE_DEV;

/**
 * The snapshot after `patch`: a new object (the previous one is never
 * changed), with `since` set on entering a call. In development builds and
 * tests, a move the table does not allow throws instead.
 */
export function nextState(previous: SessionState, patch: StatePatch): SessionState {
  if (patch.phase === 'in-call' && previous.phase !== 'in-call') patch = { ...patch, since: Date.now() };
  const merged = { ...previous, ...patch };
  // `busy` is the former name of `answering`, kept for pages that read it.
  const next: SessionState = { ...merged, busy: merged.answering };
  if (CHECKED) checkTransition(previous, next);
  return next;
}

/** Throws when `previous` → `next` is not a move of the table (or `answering` is set outside `incoming`). */
export function checkTransition(previous: SessionState, next: SessionState): void {
  if (next.answering && next.phase !== 'incoming') throw new Error(`Roulette: answering in phase ${next.phase}`);
  const [from, to] = [stepOf(previous), stepOf(next)];
  if (from !== to && !TRANSITIONS[from].includes(to)) throw new Error(`Roulette: the session may not move from ${from} to ${to}`);
}
