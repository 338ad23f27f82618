// Test kit for the server suites: a real server on port 0 and real
// socket.io-client connections that record everything they receive.
import { io as connect, type Socket } from 'socket.io-client';
import { listen, type ListenOptions, type RunningServer } from './listen.js';
import type { Ack } from './protocol.js';

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

export interface TestServer {
  server: RunningServer;
  client(options?: { reconnection?: boolean }): Promise<Client>;
  /** A client already connected as `name`. */
  user(name: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startServer(options: ListenOptions = {}): Promise<TestServer> {
  const server = await listen({ port: 0, host: '127.0.0.1', ...options });
  const clients: Client[] = [];
  const kit: TestServer = {
    server,
    async client(opts = {}) {
      const socket = connect(server.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: opts.reconnection ?? false,
      });
      const c = makeClient(socket);
      clients.push(c);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return c;
    },
    async user(name) {
      const c = await kit.client();
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

function makeClient(socket: Socket): Client {
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
