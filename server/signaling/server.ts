// The signaling server: sets up the socket.io transport, wires the store,
// the cluster, the timers, the handlers (signaling/handlers.ts) and the
// dispatcher (signaling/dispatch.ts) together, and runs each connection's
// lifecycle: open, drop (held for a resume), leave for good, shutdown.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket as TcpSocket } from 'node:net';
import { Server } from 'socket.io';
import { createTokenVerifier } from '../identity/auth-token.js';
import * as calls from '../rules/calls.js';
import { Cluster, type ClusterOptions } from '../cluster/cluster.js';
import { PROTOCOL_V2_DEFAULTS, type ProtocolV2Options } from '../config.js';
import { silentLogger, type Logger } from '../log.js';
import type { ClientToServerEvents, ErrorCode, IceServer, ServerToClientEvents } from '../../protocol/index.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.js';
import { AddressCounter } from './addresses.js';
import { newConnectionData, type ConnectionData, type IoSocket } from './connection.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers, type HandlerDeps } from './handlers.js';
import { Messaging } from './messaging.js';
import { SessionTimers } from './timers.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';
import { turnCredentials, type TurnOptions } from './turn.js';
import { batchWrites } from './write-batching.js';
import { OriginRefusals, originRefusedError } from './origins.js';

export interface SignalingOptions extends ProtocolV2Options {
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
  /** Processes given the same Redis form one service (server/cluster/); without it everything stays in this process. */
  redisUrl?: string;
  /** Cluster tuning (key prefix, heartbeat); only with `redisUrl`. */
  cluster?: ClusterOptions;
}

/** Running totals for /metrics, kept as plain numbers: they sit on the relay hot path. */
export interface SignalingStats {
  relayed: number;
  /** Reports received (v2; a repeat by the same reporter is not; counted toward the threshold or not). */
  reports: number;
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

/** Largest frame a client may send: a 64 K-character SDP plus its JSON escaping fits. */
const MAX_FRAME = 256 * 1024;

export function createSignalingServer(httpServer: HttpServer, options: SignalingOptions = {}): SignalingServer {
  const ringTimeoutMs = options.ringTimeoutMs ?? 30_000;
  const resumeGraceMs = options.resumeGraceMs ?? 15_000;
  const iceServers = options.iceServers ?? [];
  const corsOrigins = options.corsOrigins ?? '*';
  const log = options.logger ?? silentLogger;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const connectTimeoutMs = options.connectTimeoutMs ?? PROTOCOL_V2_DEFAULTS.connectTimeoutMs;
  const addresses = new AddressCounter(
    options.maxConnectionsPerIp ?? PROTOCOL_V2_DEFAULTS.maxConnectionsPerIp,
    options.trustProxy ?? PROTOCOL_V2_DEFAULTS.trustProxy,
  );
  // Throws AuthConfigError on a key that cannot work: at start-up, not at the first CONNECT.
  const verifyToken = createTokenVerifier(options);
  const cluster = options.redisUrl
    ? new Cluster(options.redisUrl, { ...options.cluster, ringTimeoutMs, resumeGraceMs, logger: log })
    : null;
  // In a cluster the store must be the cluster's: it records which process owns whom.
  const store: Store = cluster?.store ?? options.store ?? new MemoryStore();

  const originAllowed = (origin: string | undefined) =>
    corsOrigins === '*' || origin === undefined || corsOrigins.includes(origin);
  const refusals = new OriginRefusals(log);
  /** Transport connections from a page whose origin CORS_ORIGINS refuses: let in only to be told why. */
  const refused = new WeakMap<object, string>();
  /** Each transport connection's client address, read before its request is let go (reports count per address). */
  const clientAddresses = new WeakMap<object, string>();

  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConnectionData>(httpServer, {
    maxHttpBufferSize: MAX_FRAME,
    // WebSocket needs no CORS preflight, so the origin is checked here for
    // every transport; `cors` covers HTTP long-polling.
    // The per-address cap is checked here too: engine.io puts the sentence
    // in the refusal's body (a 403 JSON `message` for polling, the plain-text
    // body of a 400 for a WebSocket upgrade).
    // A page from a refused origin is let through the transport handshake (a
    // browser cannot read why a WebSocket upgrade failed) only to be refused
    // in the namespace handshake below, with a reason its `connect_error` shows.
    allowRequest: (req, callback) => {
      const refusal = addresses.refusal(req);
      if (refusal) return callback(refusal, false);
      callback(null, true);
    },
    cors: { origin: corsOrigins === '*' ? true : corsOrigins },
    perMessageDeflate: false,
    httpCompression: false,
    adapter: cluster?.adapter,
  });

  io.engine.on('connection', (conn) => {
    batchWrites(conn, conn.request?.socket as TcpSocket | undefined);
    const origin = conn.request?.headers.origin;
    if (!originAllowed(origin)) refused.set(conn, origin!);
    const release = addresses.add(conn.request as IncomingMessage);
    if (conn.request) clientAddresses.set(conn, addresses.of(conn.request as IncomingMessage));
    // A transport connection that never joins the namespace is closed after
    // the CONNECT timeout too (one that joins gets its own timer below).
    const unjoined = setTimeout(() => {
      if (!joined.has(conn)) conn.close();
    }, connectTimeoutMs);
    conn.once('close', () => {
      release();
      clearTimeout(unjoined);
    });
    // The origin was checked in allowRequest and nothing reads the upgrade
    // request afterwards: don't keep it (and its headers) alive per connection.
    conn.request = null;
  });

  let closing = false;
  /** Engine.IO connections that joined the namespace at least once. */
  const joined = new WeakSet<object>();
  const stats: SignalingStats = { relayed: 0, reports: 0, errors: {} };
  const messaging = new Messaging(io, store, cluster !== null);
  const timers = new SessionTimers(ringTimeoutMs, {
    ringTimedOut(callerKey, id) {
      messaging.apply((tx) => calls.expireRequest(tx, callerKey, id)).then(
        () => log.info('call.timeout', { caller: callerKey }),
        (error) => log.error('internal', { where: 'ring-timeout', error: String(error) }),
      );
    },
    graceExpired(key, sid) {
      release(key, sid, 'grace expired').catch((error) => log.error('internal', { where: 'grace', error: String(error) }));
    },
  });

  /** Keeps an away user's session for `ms`, then releases it unless it was resumed. */
  function hold(key: string, sid: string, ms: number): void {
    if (closing) return;
    timers.startGrace(key, sid, ms);
  }

  /** The user leaves for good: name freed, peer told. */
  async function release(key: string, sid: string, why: string): Promise<void> {
    timers.stopGrace(key);
    const user = await messaging.apply((tx) => calls.leave(tx, key, sid));
    if (!user) return;
    if (user.link?.state === 'pending') timers.stopRinging(user.link.id);
    log.info('user.left', { user: user.name, why });
  }

  const handlerDeps: HandlerDeps = {
    store,
    messaging,
    timers,
    log,
    relayed: () => void stats.relayed++,
    iceServersFor: (name) => (options.turn ? [...iceServers, turnCredentials(options.turn, name)] : iceServers),
    disconnect: (sid) => io.in(sid).disconnectSockets(),
    v2: options,
    reported: () => void stats.reports++,
  };
  // CONNECT also needs the connection options: the token verifier, and what
  // to do with a name whose connection closed while it was being registered.
  const handlers = createHandlers(handlerDeps, {
    verifyToken,
    closedMeanwhile: (socket, key) => closed(socket, key, socket.data.closeReason ?? 'transport close'),
  });
  const dispatcher = createDispatcher({
    handlers,
    store,
    log,
    countError: (code) => void (stats.errors[code] = (stats.errors[code] ?? 0) + 1),
  });

  /** A connection registered as `key` closed for `reason`: the user leaves for good, or is held for a resume. */
  async function closed(socket: IoSocket, key: string, reason: string): Promise<void> {
    messaging.detach(key, socket);
    const deliberate = reason === 'client namespace disconnect';
    // Shutting down alone, nobody could resume the session. In a cluster
    // the session is handed over: marked away here, it is adopted by another
    // process once this one has left (cluster.stop) and held there for the
    // resume its client is already making (a rolling deploy drops no call).
    const handOver = closing && cluster !== null;
    if ((closing && !handOver) || deliberate || resumeGraceMs === 0) {
      return release(key, socket.id, deliberate ? 'disconnect' : reason);
    }
    const held = await messaging.apply((tx) => calls.markAway(tx, key, socket.id));
    if (held) hold(key, socket.id, resumeGraceMs);
  }

  // Before any handler: a refused page joins nothing and is told why
  // (`connect_error` in the browser, with `data.code` ORIGIN_REFUSED).
  io.use((socket, next) => {
    const origin = refused.get(socket.conn);
    if (origin === undefined) return next();
    refusals.log(origin);
    next(originRefusedError(origin));
    // The client leaves on its own; don't wait for the CONNECT timeout if it doesn't.
    setTimeout(() => socket.conn.close(), 1000).unref();
  });

  io.on('connection', (socket) => {
    socket.data = newConnectionData(rateLimit, clientAddresses.get(socket.conn));
    joined.add(socket.conn);
    log.info('socket.open', { sid: socket.id });
    const connectTimer = setTimeout(() => {
      if (socket.data.key !== null || !socket.connected) return;
      log.info('socket.connect-timeout', { sid: socket.id });
      socket.disconnect(true);
    }, connectTimeoutMs);

    socket.onAny((event: unknown, ...args: unknown[]) => dispatcher.receive(socket, event, args));

    socket.on('disconnect', (reason) => {
      socket.data.closeReason = reason;
      clearTimeout(connectTimer);
      dispatcher.serially(socket, async () => {
        const key = socket.data.key;
        log.info('socket.closed', { sid: socket.id, user: socket.data.name, reason });
        if (key !== null) await closed(socket, key, reason);
      });
    });
  });

  cluster?.start({
    connected: (sid) => io.of('/').sockets.has(sid),
    holding: (key) => timers.inGrace(key),
    hold,
    release,
    expire: async (callerKey, id) => void (await messaging.apply((tx) => calls.expireRequest(tx, callerKey, id))),
    // A transport close, not a socket.io disconnect: clients reconnect by themselves.
    dropAll: () => io.of('/').sockets.forEach((socket) => socket.conn.close()),
  });

  async function close(reason = 'The server is shutting down for maintenance. Try again in a minute.'): Promise<void> {
    if (closing) return;
    closing = true;
    // Take no new connection: a load balancer sends the clients that
    // reconnect now to the other processes. Open ones stay until told.
    httpServer.close();
    const sockets = [...io.of('/').sockets.values()];
    // This process's clients only (the others' are not going anywhere), and
    // at once: a cluster adapter delivers a broadcast locally only after
    // publishing it, by when these sockets would be gone.
    io.local.emit('SERVER_CLOSING', { reason });
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
    timers.clear();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await cluster?.stop();
    await store.close();
  }

  return { io, store, stats, ready: cluster?.ready ?? Promise.resolve(), close };
}
