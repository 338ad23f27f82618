// The shapes of the event handlers and of what they are built from, apart
// from the factories (handlers.ts, connect-handler.ts, match-handlers.ts,
// safety-handlers.ts) so those can share them without importing each other.
import type { ProtocolV2Options } from '../config.js';
import type { Logger } from '../log.js';
import type { Store, UserRecord } from '../store/store.js';
import type { Checked } from './validate.js';
import type { ClientEventName, ClientPayload, IceServer } from '../../protocol/index.js';
import type { IoSocket } from './connection.js';
import type { Messaging } from './messaging.js';
import type { SessionTimers } from './timers.js';

/** What a handler answers on success, besides `ok: true`. */
export type Answer = Promise<object | undefined>;

/** A handler for events sent before CONNECT too. */
export interface GuestHandler<P> {
  registered: false;
  /** Narrows the raw payload, or says what is wrong with it (given the connection, for what it announced). */
  check(payload: unknown, socket: IoSocket): Checked<P>;
  run(socket: IoSocket, payload: P): Answer;
  runWith?: undefined;
}

/** A handler for a registered user (NOT_CONNECTED otherwise), given the sender's key. */
export interface UserHandler<P> {
  registered: true;
  check(payload: unknown, socket: IoSocket): Checked<P>;
  run(socket: IoSocket, payload: P, sender: string): Answer;
  /** The same as `run`, at once, given the sender's record (relays on a store that can `peek`). */
  runWith?(socket: IoSocket, payload: P, sender: UserRecord | undefined): void;
}

export type Handler<P = unknown> = GuestHandler<P> | UserHandler<P>;

export type Handlers = { [E in ClientEventName]: Handler<ClientPayload<E>> };

export interface HandlerDeps {
  store: Store;
  messaging: Messaging;
  timers: SessionTimers;
  log: Logger;
  /** Counts each relayed message (for /metrics). */
  relayed(): void;
  /** The ICE servers to hand a user who just connected. */
  iceServersFor(name: string): IceServer[];
  /** Closes connection `sid` (one whose session a resume took over). */
  disconnect(sid: string): void;
  /** The v2 settings of the call rules (interest wait, report threshold, suspension, webhook); defaults when absent. */
  v2?: ProtocolV2Options;
  /** Counts each new report (for /metrics). */
  reported?(): void;
}
