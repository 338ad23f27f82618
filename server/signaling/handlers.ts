// What each client event does, built by one factory from its dependencies
// (the socket.io `createTodoHandlers(components)` pattern): the dispatcher
// (dispatch.ts) checks and orders events, then runs these. Handlers of one
// shape come from one factory each: the four answers to a request, the three
// relays.
import * as calls from '../calls.js';
import type { Outcome } from '../calls.js';
import type { Logger } from '../log.js';
import { checkRelay } from '../relay.js';
import type { Link, Store, Transaction, UserRecord } from '../store/store.js';
import * as check from '../validate.js';
import { nameKey } from '../../protocol/index.js';
import type { ClientEventName, ClientPayload, IceServer, Role } from '../../protocol/index.js';
import { targetKey, type IoSocket } from './connection.js';
import type { Messaging } from './messaging.js';
import type { SessionTimers } from './timers.js';
import { createConnectHandler } from './connect-handler.js';

/** What a handler answers on success, besides `ok: true`. */
type Answer = Promise<object | undefined>;

/** A handler for events sent before CONNECT too. */
export interface GuestHandler<P> {
  registered: false;
  /** Narrows the raw payload, or says what is wrong with it. */
  check(payload: unknown): check.Checked<P>;
  run(socket: IoSocket, payload: P): Answer;
  runWith?: undefined;
}

/** A handler for a registered user (NOT_CONNECTED otherwise), given the sender's key. */
export interface UserHandler<P> {
  registered: true;
  check(payload: unknown): check.Checked<P>;
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
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, messaging, timers, log } = deps;

  /**
   * ACCEPT_CALL / REJECT_CALL / CANCEL_CALL / HANG_UP: the sender answers the
   * request or call with the user named in `field`; `logEvent` records it.
   */
  function answer<F extends 'to' | 'from'>(
    field: F,
    rule: (tx: Transaction, senderKey: string, otherKey: string | null) => Promise<Outcome<Link>>,
    logEvent: string,
    endsRinging: boolean,
  ): UserHandler<Record<F, string>> {
    return {
      registered: true,
      check: (payload) => check.checkTarget(payload, field),
      async run(socket, payload, sender) {
        const other = payload[field];
        const link = await messaging.apply((tx) => rule(tx, sender, nameKey(other)));
        if (endsRinging) timers.stopRinging(link.id);
        log.info(logEvent, { by: socket.data.name, [field]: other });
        return undefined;
      },
    };
  }

  /** SEND_*: passes part of the payload to the sender's peer, if the relay rule allows it. */
  function relay<P extends { to: string }>(
    checkPayload: (payload: unknown) => check.Checked<P>,
    role: Role | null,
    forward: (peer: string, from: string, payload: P) => void,
  ): UserHandler<P> {
    const runWith = (socket: IoSocket, payload: P, sender: UserRecord | undefined): void => {
      checkRelay(sender, targetKey(socket, payload.to), payload.to, role);
      forward(sender.link.peer, sender.name, payload);
      deps.relayed();
    };
    return {
      registered: true,
      check: checkPayload,
      async run(socket, payload, sender) {
        runWith(socket, payload, await store.get(sender));
        return undefined;
      },
      runWith,
    };
  }

  return {
    CONNECT: createConnectHandler(deps),
    REQUEST_CALL: {
      registered: true,
      check: (payload) => check.checkTarget(payload, 'to'),
      async run(socket, payload, sender) {
        const link = await messaging.apply((tx) => calls.requestCall(tx, sender, nameKey(payload.to), payload.to));
        timers.startRinging(sender, link.id);
        log.info('call.requested', { from: socket.data.name, to: payload.to });
        return undefined;
      },
    },
    ACCEPT_CALL: answer('from', (tx, sender, other) => calls.answerCall(tx, sender, other, true), 'call.accepted', true),
    REJECT_CALL: answer('from', (tx, sender, other) => calls.answerCall(tx, sender, other, false), 'call.rejected', true),
    CANCEL_CALL: answer('to', calls.cancelCall, 'call.canceled', true),
    HANG_UP: answer('to', calls.hangUp, 'call.ended', false),
    SEND_CALLER_DESCRIPTOR: relay(
      (payload) => check.checkDescriptor(payload, 'offer'),
      'caller',
      (peer, from, payload) => messaging.send(peer, 'CALLER_DESCRIPTOR_RECEIVED', { from, sdp: check.cleanDescriptor(payload.sdp) }),
    ),
    SEND_RECIPIENT_DESCRIPTOR: relay(
      (payload) => check.checkDescriptor(payload, 'answer'),
      'recipient',
      (peer, from, payload) => messaging.send(peer, 'RECIPIENT_DESCRIPTOR_RECEIVED', { from, sdp: check.cleanDescriptor(payload.sdp) }),
    ),
    SEND_ICE_CANDIDATE: relay(check.checkCandidate, null, (peer, from, payload) =>
      messaging.send(peer, 'ICE_CANDIDATE_RECEIVED', { from, candidate: check.cleanCandidate(payload.candidate) }),
    ),
    FIND_MATCH: {
      registered: true,
      check: check.checkEmpty,
      async run(socket, _payload, sender) {
        const link = await messaging.apply((tx) => calls.joinQueue(tx, sender));
        log.info(link ? 'match.paired' : 'match.queued', { user: socket.data.name });
        return undefined;
      },
    },
    LEAVE_QUEUE: {
      registered: true,
      check: check.checkEmpty,
      async run(socket, _payload, sender) {
        await messaging.apply((tx) => calls.leaveQueue(tx, sender));
        log.info('match.left', { user: socket.data.name });
        return undefined;
      },
    },
  };
}
