// The dispatch pipeline: every client event — unknown ones and those before
// CONNECT too — takes a token from the connection's rate limit as it
// arrives, is admitted by the checks in the order docs/protocol.md fixes
// (payload shape, NOT_CONNECTED, RATE_LIMITED, UNKNOWN_EVENT), runs its
// handler, and is answered; a refusal or failure is answered with a
// protocol error and never with an internal message. Events of one
// connection run one after another, so messages between two parties keep
// their order; a relay on an idle connection takes a synchronous fast path.
// A connection that keeps flooding after it was limited is disconnected, and
// an event that arrives after its connection closed is dropped unread.
import { MESSAGES, SignalingError, fail } from '../errors.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Ack, ClientEventName, ErrorCode } from '../../protocol/index.js';
import type { IoSocket } from './connection.js';
import type { Handler } from './handlers.js';

type Reply = (answer: Ack<object>) => void;

const OK = Object.freeze({ ok: true as const });

/** The flood rule: more than FLOOD_BURSTS bursts' worth of refused events within FLOOD_WINDOW_MS disconnects. */
const FLOOD_BURSTS = 3;
const FLOOD_WINDOW_MS = 10_000;

export interface DispatchDeps {
  handlers: Readonly<Record<ClientEventName, Handler>>;
  store: Store;
  log: Logger;
  /** Counts an error answer by code (for /metrics). */
  countError(code: ErrorCode): void;
}

export interface Dispatcher {
  /** Takes one event from a client (socket.io's `onAny`). */
  receive(socket: IoSocket, event: unknown, args: unknown[]): void;
  /** Queues work behind everything this connection sent before. */
  serially(socket: IoSocket, work: () => Promise<void>): void;
}

export function createDispatcher({ handlers, store, log, countError }: DispatchDeps): Dispatcher {
  /** The checks every event passes first, in the protocol's order: the checked payload, or why it may not run. */
  function admit<P>(socket: IoSocket, handler: Handler<P>, payload: unknown, allowed: boolean): P | SignalingError {
    let checked = handler.check(payload, socket);
    if (!(checked instanceof SignalingError) && handler.registered && socket.data.key === null) {
      checked = fail('NOT_CONNECTED', MESSAGES.NOT_CONNECTED);
    }
    if (!(checked instanceof SignalingError) && !allowed) checked = fail('RATE_LIMITED', MESSAGES.RATE_LIMITED);
    return checked;
  }

  /**
   * Takes the event's token from the connection's bucket as it arrives;
   * false when the bucket is empty. A connection whose refused events pass
   * FLOOD_BURSTS bursts within FLOOD_WINDOW_MS is disconnected.
   */
  function meter(socket: IoSocket): boolean {
    const data = socket.data;
    if (data.bucket.take()) {
      data.limited = false;
      return true;
    }
    if (!data.limited) log.info('rate.limited', { sid: socket.id, user: data.name });
    data.limited = true;
    const now = performance.now();
    const refused = data.refusedAt;
    refused.push(now);
    while (refused[0]! <= now - FLOOD_WINDOW_MS) refused.shift();
    if (refused.length > FLOOD_BURSTS * data.bucket.burst) {
      log.info('rate.flood', { sid: socket.id, user: data.name, refused: refused.length });
      refused.length = 0;
      socket.disconnect(true);
    }
    return false;
  }

  /** The sender's user key; admitted events of registered handlers always have one. */
  function senderKey(socket: IoSocket): string {
    const key = socket.data.key;
    if (key === null) throw fail('NOT_CONNECTED', MESSAGES.NOT_CONNECTED);
    return key;
  }

  /** Answers a refused or failed event; only refusals worth reading are logged. */
  function refuse(socket: IoSocket, event: string, thrown: unknown, reply: Reply | undefined): void {
    countError(thrown instanceof SignalingError ? thrown.code : 'INTERNAL');
    if (thrown instanceof SignalingError) {
      // Relays to a finished call, flood refusals and unknown events are routine and high-volume.
      if (event !== 'unknown' && thrown.code !== 'NOT_IN_CALL' && thrown.code !== 'RATE_LIMITED') {
        log.info('request.refused', { event, code: thrown.code, user: socket.data.name });
      }
      reply?.({ ok: false, error: thrown.toJSON() });
    } else {
      // Whatever broke stays in the log; the client only learns that it did.
      log.error('internal', { event, error: String(thrown) });
      reply?.({ ok: false, error: { code: 'INTERNAL', message: MESSAGES.INTERNAL } });
    }
  }

  async function handle(socket: IoSocket, event: ClientEventName, payload: unknown, allowed: boolean, reply: Reply | undefined) {
    const handler = handlers[event];
    const checked = admit(socket, handler, payload, allowed);
    if (checked instanceof SignalingError) return refuse(socket, event, checked, reply);
    try {
      const result = handler.registered
        ? await handler.run(socket, checked, senderKey(socket))
        : await handler.run(socket, checked);
      reply?.(result ? { ok: true, ...result } : OK);
    } catch (thrown) {
      refuse(socket, event, thrown, reply);
    }
  }

  /**
   * A relay on an idle connection with a store that answers at once: done
   * synchronously, without a promise per event. Order is kept because
   * nothing of this connection is queued ahead of it.
   */
  function handleAtOnce(socket: IoSocket, event: ClientEventName, payload: unknown, allowed: boolean, reply: Reply | undefined): boolean {
    const handler = handlers[event];
    if (!handler.runWith || !store.peek || socket.data.pending > 0) return false;
    try {
      const checked = admit(socket, handler, payload, allowed);
      if (checked instanceof SignalingError) throw checked;
      handler.runWith(socket, checked, store.peek(senderKey(socket)));
      reply?.(OK);
    } catch (thrown) {
      refuse(socket, event, thrown, reply);
    }
    return true;
  }

  function serially(socket: IoSocket, work: () => Promise<void>): void {
    const data = socket.data;
    data.pending++;
    data.tail = data.tail.then(async () => {
      try {
        await work();
      } catch (error) {
        log.error('internal', { where: 'dispatch', error: String(error) });
      } finally {
        data.pending--;
      }
    });
  }

  function isEvent(event: unknown): event is ClientEventName {
    return typeof event === 'string' && Object.hasOwn(handlers, event);
  }

  function receive(socket: IoSocket, event: unknown, args: unknown[]): void {
    // Already disconnected (e.g. a CONNECT in the same read as a namespace
    // disconnect, or the rest of a flood): changes nothing, answers nothing.
    if (!socket.connected) return;
    const reply = typeof args[args.length - 1] === 'function' ? (args.pop() as Reply) : undefined;
    const allowed = meter(socket);
    if (!isEvent(event)) {
      // The order of errors puts NOT_CONNECTED and RATE_LIMITED before
      // UNKNOWN_EVENT (an unknown event has no payload shape to check).
      const refusal =
        socket.data.key === null
          ? fail('NOT_CONNECTED', MESSAGES.NOT_CONNECTED)
          : allowed
            ? fail('UNKNOWN_EVENT', `The server does not know the event "${String(event).slice(0, 64)}".`)
            : fail('RATE_LIMITED', MESSAGES.RATE_LIMITED);
      return refuse(socket, 'unknown', refusal, reply);
    }
    if (!socket.connected) return;
    if (!handleAtOnce(socket, event, args[0], allowed, reply)) serially(socket, () => handle(socket, event, args[0], allowed, reply));
  }

  return { receive, serially };
}
