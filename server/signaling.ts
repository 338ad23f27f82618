// The socket.io side of the protocol: one dispatcher checks every event in
// the order docs/protocol.md fixes (payload shape, NOT_CONNECTED,
// RATE_LIMITED, call state), runs the rule from calls.ts and delivers what it
// returns. Events of one connection are handled one after another, so
// messages between two parties keep their order.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Socket as TcpSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import * as calls from './calls.js';
import type { Delivery, Outcome } from './calls.js';
import { Cluster, type ClusterOptions } from './cluster/cluster.js';
import { MESSAGES, SignalingError, fail } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import { MemoryStore } from './store/memory-store.js';
import { guestName } from './guest-name.js';
import { nameKey, parseName } from '../protocol/index.js';
import type { Ack, ClientToServerEvents, ErrorCode, IceServer, Role, ServerToClientEvents } from '../protocol/index.js';
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimit } from './rate-limit.js';
import type { Store, Transaction, UserRecord } from './store/store.js';
import { turnCredentials, type TurnOptions } from './turn.js';
import * as check from './validate.js';
import { batchWrites } from './write-batching.js';

export interface SignalingOptions {
  ringTimeoutMs?: number;
  resumeGraceMs?: number;
  iceServers?: IceServer[];
  /** With coturn's use-auth-secret: each CONNECT gets its own short-lived TURN credentials. */
  turn?: TurnOptions;
  /** Origins whose pages may connect; '*' = any. */
  corsOrigins?: '*' | string[];
  store?: Store;
  logger?: Logger;
  rateLimit?: RateLimit;
  /** Processes given the same Redis form one service (server/cluster.ts); without it everything stays in this process. */
  redisUrl?: string;
  /** Cluster tuning (key prefix, heartbeat); only with `redisUrl`. */
  cluster?: ClusterOptions;
}

/** Running totals for /metrics, kept as plain numbers: they sit on the relay hot path. */
export interface SignalingStats {
  relayed: number;
  errors: Partial<Record<ErrorCode, number>>;
}

export interface SignalingServer {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  store: Store;
  stats: SignalingStats;
  /** Resolves once the server can serve: at once in memory, when Redis is reachable in a cluster. */
  ready: Promise<void>;
  /** Tells every client why, disconnects them, and releases their sessions. */
  close(reason?: string): Promise<void>;
}

interface SocketData {
  /** The registered user's key; null before CONNECT. */
  key: string | null;
  name: string;
  bucket: TokenBucket;
  /** Tail of this connection's event chain. */
  tail: Promise<void>;
  /** Events queued on that chain and not finished yet. */
  pending: number;
  limited: boolean;
  /** Last `to` string seen and its key: relays repeat it hundreds of times. */
  lastTo: string;
  lastToKey: string | null;
}

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Reply = (answer: Ack<object>) => void;
type Payload = Record<string, unknown>;

interface Handler {
  check(payload: unknown): SignalingError | null;
  /** Whether the event needs a registered user (NOT_CONNECTED otherwise). */
  registered: boolean;
  run(socket: IoSocket, payload: Payload): Promise<object | undefined>;
  /** The same as `run`, at once, given the sender's record (relays on a store that can `peek`). */
  runWith?(socket: IoSocket, payload: Payload, me: UserRecord | undefined): undefined;
}

const OK = Object.freeze({ ok: true as const });
/** Largest frame a client may send: a 64 K-character SDP plus its JSON escaping fits. */
const MAX_FRAME = 256 * 1024;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function room(key: string): string {
  return `u:${key}`;
}

export function createSignalingServer(httpServer: HttpServer, options: SignalingOptions = {}): SignalingServer {
  const ringTimeoutMs = options.ringTimeoutMs ?? 30_000;
  const resumeGraceMs = options.resumeGraceMs ?? 15_000;
  const iceServers = options.iceServers ?? [];
  const corsOrigins = options.corsOrigins ?? '*';
  const log = options.logger ?? silentLogger;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const cluster = options.redisUrl
    ? new Cluster(options.redisUrl, { ...options.cluster, ringTimeoutMs, resumeGraceMs, logger: log })
    : null;
  // In a cluster the store must be the cluster's: it records which process owns whom.
  const store: Store = cluster?.store ?? options.store ?? new MemoryStore();

  const originAllowed = (origin: string | undefined) =>
    corsOrigins === '*' || origin === undefined || corsOrigins.includes(origin);

  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    maxHttpBufferSize: MAX_FRAME,
    // WebSocket needs no CORS preflight, so the origin is checked here for
    // every transport; `cors` covers HTTP long-polling.
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin)),
    cors: { origin: corsOrigins === '*' ? true : corsOrigins },
    perMessageDeflate: false,
    httpCompression: false,
    adapter: cluster?.adapter,
  });

  io.engine.on('connection', (conn) => {
    batchWrites(conn, conn.request?.socket as TcpSocket | undefined);
    // The origin was checked in allowRequest and nothing reads the upgrade
    // request afterwards: don't keep it (and its headers) alive per connection.
    conn.request = null;
  });

  const ringTimers = new Map<string, NodeJS.Timeout>();
  const graceTimers = new Map<string, NodeJS.Timeout>();
  let closing = false;
  const stats: SignalingStats = { relayed: 0, errors: {} };
  const countError = (code: ErrorCode) => void (stats.errors[code] = (stats.errors[code] ?? 0) + 1);

  /** Each user's live connection on this process, by key. */
  const local = new Map<string, IoSocket>();

  /**
   * Sends to a user: straight to the socket when it is here (no broadcast
   * machinery on the relay path), else through the user's room, which only
   * exists in a cluster where the adapter reaches the other processes.
   */
  function emitTo<E extends keyof ServerToClientEvents>(key: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    const socket = local.get(key);
    if (socket) (socket.emit as (e: E, p: typeof payload) => void)(event, payload);
    else if (cluster) (io.to(room(key)).emit as (e: E, p: typeof payload) => void)(event, payload);
  }

  function deliver(list: Delivery[]): void {
    for (const d of list) emitTo(d.to, d.event, d.payload as never);
  }

  /** Runs a rule atomically, then delivers its messages. */
  async function apply<T>(rule: (tx: Transaction) => Promise<Outcome<T>>): Promise<T> {
    const outcome = await store.transact(rule);
    deliver(outcome.deliver);
    return outcome.value;
  }

  function stopRinging(id: string): void {
    const timer = ringTimers.get(id);
    if (timer) clearTimeout(timer);
    ringTimers.delete(id);
  }

  function startRinging(callerKey: string, id: string): void {
    const timer = setTimeout(() => {
      ringTimers.delete(id);
      apply((tx) => calls.expireRequest(tx, callerKey, id)).then(
        () => log.info('call.timeout', { caller: callerKey }),
        (error) => log.error('internal', { where: 'ring-timeout', error: String(error) }),
      );
    }, ringTimeoutMs);
    ringTimers.set(id, timer);
  }

  function stopGrace(key: string): void {
    const timer = graceTimers.get(key);
    if (timer) clearTimeout(timer);
    graceTimers.delete(key);
  }

  /** Keeps an away user's session for `ms`, then releases it unless it was resumed. */
  function holdForResume(key: string, sid: string, ms: number): void {
    if (closing) return;
    stopGrace(key);
    graceTimers.set(
      key,
      setTimeout(() => {
        graceTimers.delete(key);
        leaveForGood(key, sid, 'grace expired').catch((error) =>
          log.error('internal', { where: 'grace', error: String(error) }),
        );
      }, ms),
    );
  }

  async function leaveForGood(key: string, sid: string, why: string): Promise<void> {
    stopGrace(key);
    const user = await apply((tx) => calls.leave(tx, key, sid));
    if (!user) return;
    if (user.link?.state === 'pending') stopRinging(user.link.id);
    log.info('user.left', { user: user.name, why });
  }

  /** The `to`/`from` key of a payload, cached per connection for relays. */
  function targetKey(socket: IoSocket, name: string): string | null {
    const data = socket.data;
    if (name !== data.lastTo) {
      data.lastTo = name;
      data.lastToKey = nameKey(name);
    }
    return data.lastToKey;
  }

  /** Checks that `me` is in an accepted call with `to` (in `role`) and hands `send` the peer and sender names. */
  function relay(socket: IoSocket, me: UserRecord | undefined, to: string, role: Role | null, send: (peer: string, from: string) => void) {
    const link = me?.link;
    if (!me || !link || link.state !== 'active' || link.peer !== targetKey(socket, to)) {
      throw fail('NOT_IN_CALL', `You are not in a call with "${to}".`);
    }
    if (role !== null && link.role !== role) {
      throw fail('WRONG_ROLE', role === 'caller' ? 'Only the caller sends offers.' : 'Only the recipient sends answers.');
    }
    send(link.peer, me.name);
    stats.relayed++;
    return undefined;
  }

  const offer = (socket: IoSocket, payload: Payload, me: UserRecord | undefined) =>
    relay(socket, me, payload.to as string, 'caller', (peer, from) =>
      emitTo(peer, 'CALLER_DESCRIPTOR_RECEIVED', { from, sdp: check.cleanDescriptor(payload.sdp as Payload) }),
    );
  const answer = (socket: IoSocket, payload: Payload, me: UserRecord | undefined) =>
    relay(socket, me, payload.to as string, 'recipient', (peer, from) =>
      emitTo(peer, 'RECIPIENT_DESCRIPTOR_RECEIVED', { from, sdp: check.cleanDescriptor(payload.sdp as Payload) }),
    );
  const candidate = (socket: IoSocket, payload: Payload, me: UserRecord | undefined) =>
    relay(socket, me, payload.to as string, null, (peer, from) =>
      emitTo(peer, 'ICE_CANDIDATE_RECEIVED', { from, candidate: check.cleanCandidate(payload.candidate as Payload) }),
    );

  const handlers: Record<keyof ClientToServerEvents, Handler> = {
    CONNECT: {
      check: check.checkConnect,
      registered: false,
      async run(socket, payload) {
        if (socket.data.key !== null) throw fail('ALREADY_CONNECTED', `You are already connected as ${socket.data.name}.`);
        const wanted = typeof payload?.as === 'string' && payload.as.trim() !== '' ? payload.as : null;
        const name = wanted === null ? guestName() : parseName(wanted);
        if (!name) throw fail('INVALID_USERNAME', MESSAGES.INVALID_USERNAME);
        const presented = typeof payload?.resume === 'string' && wanted !== null ? hashSecret(payload.resume) : null;
        const secret = randomBytes(24).toString('base64url');
        let resumed = null;
        for (let attempt = 0; ; attempt++) {
          try {
            ({ resumed } = await apply((tx) => calls.register(tx, name, socket.id, hashSecret(secret), presented)));
            break;
          } catch (error) {
            // A guest token collided: draw another.
            if (wanted !== null || attempt > 5 || !(error instanceof SignalingError)) throw error;
            Object.assign(name, guestName());
          }
        }
        if (resumed) {
          stopGrace(name.key);
          // The old connection may still look alive: close it; its
          // disconnect no longer owns the session, so it changes nothing.
          if (resumed.sid !== '' && resumed.sid !== socket.id) io.in(resumed.sid).disconnectSockets();
        }
        socket.data.key = name.key;
        socket.data.name = resumed ? resumed.name : name.display;
        local.set(name.key, socket);
        // Rooms reach users on other processes; alone, `local` is enough.
        if (cluster) socket.join(room(name.key));
        log.info(resumed ? 'user.resumed' : 'user.connected', { user: socket.data.name, sid: socket.id });
        if (resumed?.queued) {
          const key = name.key;
          await apply((tx) => calls.pairFromQueue(tx, key));
        }
        const ice = options.turn ? [...iceServers, turnCredentials(options.turn, socket.data.name)] : iceServers;
        return { username: socket.data.name, iceServers: ice, resume: secret };
      },
    },
    REQUEST_CALL: {
      check: (p) => check.checkTarget(p, 'to'),
      registered: true,
      async run(socket, payload) {
        const to = payload.to as string;
        const me = socket.data.key!;
        const link = await apply((tx) => calls.requestCall(tx, me, nameKey(to), to));
        startRinging(me, link.id);
        log.info('call.requested', { from: socket.data.name, to });
        return undefined;
      },
    },
    ACCEPT_CALL: {
      check: (p) => check.checkTarget(p, 'from'),
      registered: true,
      async run(socket, payload) {
        const me = socket.data.key!;
        const link = await apply((tx) => calls.answerCall(tx, me, nameKey(payload.from as string), true));
        stopRinging(link.id);
        log.info('call.accepted', { by: socket.data.name, from: payload.from as string });
        return undefined;
      },
    },
    REJECT_CALL: {
      check: (p) => check.checkTarget(p, 'from'),
      registered: true,
      async run(socket, payload) {
        const me = socket.data.key!;
        const link = await apply((tx) => calls.answerCall(tx, me, nameKey(payload.from as string), false));
        stopRinging(link.id);
        log.info('call.rejected', { by: socket.data.name, from: payload.from as string });
        return undefined;
      },
    },
    CANCEL_CALL: {
      check: (p) => check.checkTarget(p, 'to'),
      registered: true,
      async run(socket, payload) {
        const me = socket.data.key!;
        const link = await apply((tx) => calls.cancelCall(tx, me, nameKey(payload.to as string)));
        stopRinging(link.id);
        log.info('call.canceled', { by: socket.data.name, to: payload.to as string });
        return undefined;
      },
    },
    HANG_UP: {
      check: (p) => check.checkTarget(p, 'to'),
      registered: true,
      async run(socket, payload) {
        const me = socket.data.key!;
        await apply((tx) => calls.hangUp(tx, me, nameKey(payload.to as string)));
        log.info('call.ended', { by: socket.data.name, to: payload.to as string });
        return undefined;
      },
    },
    SEND_CALLER_DESCRIPTOR: {
      check: (p) => check.checkDescriptor(p, 'offer'),
      registered: true,
      run: async (socket, payload) => offer(socket, payload, await store.get(socket.data.key!)),
      runWith: offer,
    },
    SEND_RECIPIENT_DESCRIPTOR: {
      check: (p) => check.checkDescriptor(p, 'answer'),
      registered: true,
      run: async (socket, payload) => answer(socket, payload, await store.get(socket.data.key!)),
      runWith: answer,
    },
    SEND_ICE_CANDIDATE: {
      check: check.checkCandidate,
      registered: true,
      run: async (socket, payload) => candidate(socket, payload, await store.get(socket.data.key!)),
      runWith: candidate,
    },
    FIND_MATCH: {
      check: check.checkEmpty,
      registered: true,
      async run(socket) {
        const me = socket.data.key!;
        const link = await apply((tx) => calls.joinQueue(tx, me));
        log.info(link ? 'match.paired' : 'match.queued', { user: socket.data.name });
        return undefined;
      },
    },
    LEAVE_QUEUE: {
      check: check.checkEmpty,
      registered: true,
      async run(socket) {
        const me = socket.data.key!;
        await apply((tx) => calls.leaveQueue(tx, me));
        log.info('match.left', { user: socket.data.name });
        return undefined;
      },
    },
  };

  /** The checks every event passes first, in the protocol's order; null when it may run. */
  function admit(socket: IoSocket, handler: Handler, payload: unknown): SignalingError | null {
    let error = handler.check(payload);
    if (!error && handler.registered && socket.data.key === null) error = fail('NOT_CONNECTED', MESSAGES.NOT_CONNECTED);
    if (!error && !socket.data.bucket.take()) {
      error = fail('RATE_LIMITED', MESSAGES.RATE_LIMITED);
      if (!socket.data.limited) log.info('rate.limited', { sid: socket.id, user: socket.data.name });
      socket.data.limited = true;
    } else {
      socket.data.limited = false;
    }
    return error;
  }

  /** Answers a refused or failed event; only refusals worth reading are logged. */
  function refuse(socket: IoSocket, event: string, thrown: unknown, reply: Reply | undefined): void {
    countError(thrown instanceof SignalingError ? thrown.code : 'INTERNAL');
    if (thrown instanceof SignalingError) {
      // Relays to a finished call and flood refusals are routine and high-volume.
      if (thrown.code !== 'NOT_IN_CALL' && thrown.code !== 'RATE_LIMITED') {
        log.info('request.refused', { event, code: thrown.code, user: socket.data.name });
      }
      reply?.({ ok: false, error: thrown.toJSON() });
    } else {
      // Whatever broke stays in the log; the client only learns that it did.
      log.error('internal', { event, error: String(thrown) });
      reply?.({ ok: false, error: { code: 'INTERNAL', message: MESSAGES.INTERNAL } });
    }
  }

  async function handle(socket: IoSocket, event: keyof ClientToServerEvents, payload: unknown, reply: Reply | undefined) {
    const handler = handlers[event];
    const error = admit(socket, handler, payload);
    if (error) return refuse(socket, event, error, reply);
    try {
      const result = await handler.run(socket, (payload ?? {}) as Payload);
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
  function handleAtOnce(socket: IoSocket, event: keyof ClientToServerEvents, payload: unknown, reply: Reply | undefined): boolean {
    const handler = handlers[event];
    if (!handler.runWith || !store.peek || socket.data.pending > 0) return false;
    try {
      const error = admit(socket, handler, payload);
      if (error) throw error;
      handler.runWith(socket, payload as Payload, store.peek(socket.data.key!));
      reply?.(OK);
    } catch (thrown) {
      refuse(socket, event, thrown, reply);
    }
    return true;
  }

  /** Queues work behind everything this connection sent before. */
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

  io.on('connection', (socket) => {
    socket.data = {
      key: null,
      name: '',
      bucket: new TokenBucket(rateLimit),
      tail: Promise.resolve(),
      pending: 0,
      limited: false,
      lastTo: '',
      lastToKey: null,
    };
    log.info('socket.open', { sid: socket.id });

    socket.onAny((event: unknown, ...args: unknown[]) => {
      const reply = typeof args[args.length - 1] === 'function' ? (args.pop() as Reply) : undefined;
      if (typeof event !== 'string' || !Object.hasOwn(handlers, event)) {
        countError('UNKNOWN_EVENT');
        reply?.({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `The server does not know the event "${String(event).slice(0, 64)}".` } });
        return;
      }
      const name = event as keyof ClientToServerEvents;
      if (!handleAtOnce(socket, name, args[0], reply)) serially(socket, () => handle(socket, name, args[0], reply));
    });

    socket.on('disconnect', (reason) => {
      serially(socket, async () => {
        const key = socket.data.key;
        log.info('socket.closed', { sid: socket.id, user: socket.data.name, reason });
        if (key === null) return;
        if (local.get(key) === socket) local.delete(key);
        const deliberate = reason === 'client namespace disconnect';
        if (closing || deliberate || resumeGraceMs === 0) return leaveForGood(key, socket.id, deliberate ? 'disconnect' : reason);
        const held = await apply((tx) => calls.markAway(tx, key, socket.id));
        if (held) holdForResume(key, socket.id, resumeGraceMs);
      });
    });
  });

  cluster?.start({
    connected: (sid) => io.of('/').sockets.has(sid),
    holding: (key) => graceTimers.has(key),
    hold: holdForResume,
    release: leaveForGood,
    expire: async (callerKey, id) => void (await apply((tx) => calls.expireRequest(tx, callerKey, id))),
    // A transport close, not a socket.io disconnect: clients reconnect by themselves.
    dropAll: () => io.of('/').sockets.forEach((socket) => socket.conn.close()),
  });

  async function close(reason = 'The server is shutting down for maintenance. Try again in a minute.'): Promise<void> {
    if (closing) return;
    closing = true;
    const sockets = [...io.of('/').sockets.values()];
    io.emit('SERVER_CLOSING', { reason });
    // io.close() discards unsent frames: let each connection flush the
    // notice and the disconnect packet and close by itself first.
    const flushed = sockets.map((socket) => {
      const conn = socket.conn;
      const gone = new Promise((resolve) => conn.once('close', resolve));
      socket.disconnect();
      conn.close();
      return gone;
    });
    await Promise.race([Promise.all(flushed), new Promise((resolve) => setTimeout(resolve, 1500))]);
    await Promise.all(sockets.map((s) => s.data.tail));
    for (const timer of [...ringTimers.values(), ...graceTimers.values()]) clearTimeout(timer);
    ringTimers.clear();
    graceTimers.clear();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await cluster?.stop();
    await store.close();
  }

  return { io, store, stats, ready: cluster?.ready ?? Promise.resolve(), close };
}
