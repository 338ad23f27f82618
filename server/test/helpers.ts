// Test kit for the server suites: a real server on port 0 and real
// socket.io-client connections that record everything they receive.
//
// Two setups run the same suites: `memory` (one server, the in-memory store)
// and `cluster` (two servers sharing a real redis-server, each client on the
// next server round-robin, so most exchanges cross from one to the other
// through Redis). ROULETTE_TEST_SETUP=cluster selects the second;
// server/test/cluster-suite.test.ts runs the protocol suites that way.
import { afterEach } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { listen, type ListenOptions, type RunningServer } from '../http/listen.js';
import type { Ack } from '../../protocol/index.js';
import { startRedis, type TestRedis } from './redis.js';

export interface Client {
  socket: Socket;
  /** Every server → client event received so far, in order. */
  received: { event: string; payload: any }[];
  /** Emits with an acknowledgement and resolves with it. */
  send(event: string, payload?: unknown): Promise<Ack<any>>;
  /** Resolves with the payload of the next `event` (or one already received and not yet taken). */
  next(event: string, timeoutMs?: number): Promise<any>;
  close(): void;
}

export type Setup = 'memory' | 'cluster';

export interface ClientOptions {
  reconnection?: boolean;
  /** Extra handshake headers (e.g. X-Forwarded-For: a client at another address behind a trusted proxy). */
  headers?: Record<string, string>;
}

export function testSetup(): Setup {
  return process.env.ROULETTE_TEST_SETUP === 'cluster' ? 'cluster' : 'memory';
}

export interface TestServer {
  /** The service: in a cluster, the first server's URL, and close() closes them all. */
  server: RunningServer;
  /** Each server of the setup (one in memory). */
  servers: RunningServer[];
  /** A connected socket, on server `via` or else on the next one round-robin; `headers` go with its handshake. */
  client(options?: ClientOptions & { via?: number }): Promise<Client>;
  /** A client already connected as `name` (`from`: its X-Forwarded-For, for a server with trustProxy). */
  user(name: string, from?: string): Promise<Client>;
  close(): Promise<void>;
}

let sharedRedis: Promise<TestRedis> | undefined;
let clusters = 0;

/** One redis-server for every cluster of this test process, started on first use. */
export function testRedis(): Promise<TestRedis> {
  sharedRedis ??= startRedis();
  return sharedRedis;
}

/** Stops that redis-server, if it was started (a suite's last `after`). */
export async function stopTestRedis(): Promise<void> {
  const redis = sharedRedis;
  sharedRedis = undefined;
  await (await redis)?.stop();
}

/** The servers of a cluster sharing `redisUrl`, under a key prefix of their own. */
export async function startCluster(options: ListenOptions = {}, count = 2, redisUrl?: string): Promise<RunningServer[]> {
  const url = redisUrl ?? (await testRedis()).url;
  const prefix = `t${process.pid}.${++clusters}:`;
  return Promise.all(
    Array.from({ length: count }, () =>
      listen({ port: 0, host: '127.0.0.1', ...options, redisUrl: url, cluster: { prefix, ...options.cluster } }),
    ),
  );
}

export async function startServer(options: ListenOptions = {}, setup: Setup = testSetup()): Promise<TestServer> {
  const servers =
    setup === 'cluster' ? await startCluster(options) : [await listen({ port: 0, host: '127.0.0.1', ...options })];
  const server: RunningServer =
    servers.length === 1
      ? servers[0]
      : {
          ...servers[0],
          close: async (reason) => void (await Promise.all(servers.map((s) => s.close(reason)))),
        };
  const clients: Client[] = [];
  let turn = 0;
  const kit: TestServer = {
    server,
    servers,
    client(opts = {}) {
      const via = servers[(opts.via ?? turn++) % servers.length];
      return connectClient(via.url, opts, clients);
    },
    async user(name, from) {
      const c = await kit.client(from === undefined ? {} : { headers: { 'x-forwarded-for': from } });
      const ack = await c.send('CONNECT', { as: name });
      if (!ack.ok) throw new Error(`CONNECT ${name} failed: ${ack.error.code}`);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
    },
  };
  return kit;
}

/** A recording client connected to `url` (added to `track` before it connects, for closing). */
export async function connectClient(url: string, opts: ClientOptions = {}, track?: Client[]): Promise<Client> {
  const socket = connect(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    extraHeaders: opts.headers,
  });
  const c = makeClient(socket);
  track?.push(c);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return c;
}

/** Records what `socket` receives and wraps its acks (a Client). */
export function makeClient(socket: Socket): Client {
  const received: Client['received'] = [];
  const taken = new Set<number>();
  const waiters: { event: string; resolve: (payload: any) => void }[] = [];
  socket.onAny((event: string, payload: unknown) => {
    received.push({ event, payload });
    const index = waiters.findIndex((w) => w.event === event);
    if (index >= 0) {
      taken.add(received.length - 1);
      waiters.splice(index, 1)[0].resolve(payload);
    }
  });
  return {
    socket,
    received,
    send: (event, payload) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
        const done = (ack: Ack<any>) => {
          clearTimeout(timer);
          resolve(ack);
        };
        if (payload === undefined) socket.emit(event, done);
        else socket.emit(event, payload, done);
      }),
    next(event, timeoutMs = 3000) {
      const index = received.findIndex((r, i) => r.event === event && !taken.has(i));
      if (index >= 0) {
        taken.add(index);
        return Promise.resolve(received[index].payload);
      }
      return new Promise((resolve, reject) => {
        const waiter = { event, resolve: (p: any) => (clearTimeout(timer), resolve(p)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no ${event} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => void socket.disconnect(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events `c` received after the first `since` ones, after a short wait for stragglers. */
export async function receivedAfter(c: Client, since: number, waitMs = 80): Promise<string[]> {
  await sleep(waitMs);
  return c.received.slice(since).map((r) => r.event);
}

export const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
export const answer = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
export const candidate = (n = 0) => ({
  candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 ${50000 + n} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

/** Clients already connected under each of `names`. */
export function users(server: TestServer, ...names: string[]): Promise<Client[]> {
  return Promise.all(names.map((n) => server.user(n)));
}

/** `'ok'` or the error code of the ack of `event`. */
export async function ackCode(c: Client, event: string, payload?: unknown): Promise<string> {
  const ack = await c.send(event, payload);
  return ack.ok ? 'ok' : ack.error.code;
}

/** A fresh server per test of the file: `current()` inside a test, closed after each. */
export function serverPerTest(): { start(options?: ListenOptions): Promise<TestServer> } {
  let running: TestServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return {
    async start(options) {
      running = await startServer(options);
      return running;
    },
  };
}

/** Cuts a client's transport as a network drop would (no socket.io disconnect packet). */
export function dropTransport(c: Client): void {
  (c.socket.io as any).engine.close();
}
