// What each client event does, built by one factory from its dependencies
// (the socket.io `createTodoHandlers(components)` pattern): the dispatcher
// (dispatch.ts) checks and orders events, then runs these. Handlers of one
// shape come from one factory each: the four answers to a request, the three
// relays.
import * as calls from '../rules/calls.js';
import type { Outcome } from '../rules/calls.js';
import { identityKey } from '../identity/names.js';
import { checkRelay } from '../rules/relay.js';
import type { Link, Transaction, UserRecord } from '../store/store.js';
import * as check from './validate.js';
import type { MediaReason, Role } from '../../protocol/index.js';
import { targetKey, type IoSocket } from './connection.js';
import type { HandlerDeps, Handlers, UserHandler } from './handler-types.js';
import { createMatchHandlers } from './match-handlers.js';
import { createSafetyHandlers } from './safety-handlers.js';
import { createConnectHandler, type ConnectOptions } from './connect-handler.js';

export type { GuestHandler, Handler, HandlerDeps, Handlers, UserHandler } from './handler-types.js';

export function createHandlers(deps: HandlerDeps, connect: ConnectOptions = {}): Handlers {
  const { store, messaging, timers, log } = deps;

  /**
   * ACCEPT_CALL / REJECT_CALL / CANCEL_CALL / HANG_UP: the sender answers the
   * request or call with the user named in `field`, with the payload's
   * `reason` when it is the one relayed ("media"); `logEvent` records it.
   */
  function answer<F extends 'to' | 'from'>(
    field: F,
    rule: (tx: Transaction, senderKey: string, otherKey: string | null, reason: MediaReason | null) => Promise<Outcome<Link>>,
    logEvent: string,
    endsRinging: boolean,
  ): UserHandler<Record<F, string>> {
    return {
      registered: true,
      check: (payload) => check.checkTarget(payload, field),
      async run(socket, payload, sender) {
        const other = payload[field];
        const reason = check.mediaReason(payload);
        const link = await messaging.apply((tx) => rule(tx, sender, identityKey(other), reason));
        if (endsRinging) timers.stopRinging(link.id);
        log.info(logEvent, { by: socket.data.name, [field]: other });
        return undefined;
      },
    };
  }

  /**
   * SEND_*: passes part of the payload to the sender's peer, if the relay
   * rule allows it. `forward` returns a promise only when it has to read the
   * store first (a batch to another process): never on the synchronous path,
   * which only a store that can `peek` (one process) takes.
   */
  function relay<P extends { to: string }>(
    checkPayload: (payload: unknown, socket: IoSocket) => check.Checked<P>,
    role: Role | null,
    forward: (peer: string, from: string, payload: P) => void | Promise<void>,
  ): UserHandler<P> {
    const relayed = (socket: IoSocket, payload: P, sender: UserRecord | undefined): void | Promise<void> => {
      checkRelay(sender, targetKey(socket, payload.to), payload.to, role);
      deps.relayed();
      return forward(sender.link.peer, sender.name, payload);
    };
    return {
      registered: true,
      check: checkPayload,
      async run(socket, payload, sender) {
        await relayed(socket, payload, await store.get(sender));
        return undefined;
      },
      runWith: (socket, payload, sender) => void relayed(socket, payload, sender),
    };
  }

  return {
    CONNECT: createConnectHandler(deps, connect),
    REQUEST_CALL: {
      registered: true,
      check: (payload) => check.checkTarget(payload, 'to'),
      async run(socket, payload, sender) {
        const link = await messaging.apply((tx) => calls.requestCall(tx, sender, identityKey(payload.to), payload.to));
        timers.startRinging(sender, link.id);
        log.info('call.requested', { from: socket.data.name, to: payload.to });
        return undefined;
      },
    },
    ACCEPT_CALL: answer('from', (tx, sender, other) => calls.answerCall(tx, sender, other, true), 'call.accepted', true),
    REJECT_CALL: answer('from', (tx, sender, other, reason) => calls.answerCall(tx, sender, other, false, reason), 'call.rejected', true),
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
    SEND_ICE_CANDIDATE: relay(
      (payload, socket) => check.checkCandidate(payload, socket.data.batches),
      null,
      (peer, from, payload) =>
        payload.candidates
          ? messaging.sendCandidates(peer, from, payload.candidates.map(check.cleanCandidate))
          : messaging.send(peer, 'ICE_CANDIDATE_RECEIVED', { from, candidate: check.cleanCandidate(payload.candidate) }),
    ),
    ...createMatchHandlers(deps),
    ...createSafetyHandlers(deps),
  };
}
