// A WebSocket-only stand-in for `engine.io-client`, swapped in for the two
// socket.io-client modules that import it (scripts/bundle-shims.mjs) in the
// CDN bundle and in the browser tests alike. Roulette connects with
// `transports: ['websocket']`, so engine.io-client's transport negotiation —
// HTTP long-polling, upgrade probes, WebTransport, binary payloads, cookie
// jars, Node agents — is dead weight (about 3 KB of the 30 KB gzipped budget).
//
// What is left is Engine.IO protocol 4 over one WebSocket: the server's open
// packet (`0{"sid",…,"pingInterval","pingTimeout"}`), its pings (`2`) answered
// with pongs (`3`) — a ping that does not come in time closes with "ping
// timeout" — and one message packet (`4…`) per WebSocket message. Events and
// close reasons are engine.io-client's, so socket.io-client (still the
// library's: acks, buffering, reconnection with backoff) cannot tell the
// difference.
import { Emitter } from '@socket.io/component-emitter';

export { parse } from './parse-uri.js';

interface TimerHost {
  setTimeoutFn?: typeof setTimeout;
  clearTimeoutFn?: typeof clearTimeout;
}

/** socket.io-client's Manager keeps its timers through these (engine.io-client's `util.js`). */
export function installTimerFunctions(host: TimerHost, _options?: unknown): void {
  host.setTimeoutFn = setTimeout.bind(globalThis);
  host.clearTimeoutFn = clearTimeout.bind(globalThis);
}

export const nextTick = (callback: () => void): unknown => Promise.resolve().then(callback);

export interface EngineOptions {
  /** The endpoint's path (socket.io passes `/socket.io`). */
  path?: string;
  query?: string | Record<string, string>;
}

/** engine.io-client's error shape: `connect_error` hands it to the page. */
class TransportError extends Error {
  readonly type = 'TransportError';
  constructor(
    message: string,
    readonly description?: unknown,
  ) {
    super(message);
  }
}

type ReadyState = 'opening' | 'open' | 'closed';

interface EngineEvents {
  open: () => void;
  ping: () => void;
  data: (data: string) => void;
  error: (error: Error) => void;
  close: (reason: string, description?: unknown) => void;
}

export class Socket extends Emitter<Record<string, never>, Record<string, never>, EngineEvents> {
  id: string | null = null;
  readyState: ReadyState = 'opening';
  /** socket.io drops volatile packets while the transport is not writable. */
  readonly transport = { name: 'websocket', writable: false };
  readonly #ws: WebSocket;
  /** Messages written before the open packet came. */
  #queue: string[] = [];
  /** How long after a ping (or the open packet) the next one may take: the server's interval + timeout. */
  #pingWindow = 0;
  #pingTimer?: ReturnType<typeof setTimeout>;
  /** When the next ping is due at the latest: a timer can fire late (a sleeping laptop), the clock cannot. */
  #pingDeadline = Infinity;
  readonly #offline = () => this.#close('transport close', { description: 'network connection lost' });

  constructor(uri: string, options: EngineOptions = {}) {
    super();
    const url = new URL(uri, globalThis.location?.href);
    url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
    url.pathname = `${(options.path ?? '/engine.io').replace(/\/$/, '')}/`;
    const query = new URLSearchParams(url.search || options.query);
    query.set('EIO', '4');
    query.set('transport', 'websocket');
    url.search = `${query}`;
    this.#ws = new WebSocket(url);
    this.#ws.onmessage = ({ data }) => this.#onPacket(data);
    this.#ws.onerror = (event) => this.#fail(new TransportError('websocket error', event));
    this.#ws.onclose = (event) => this.#close('transport close', { description: 'websocket connection closed', context: event });
    // The browser knows about a lost network before any ping is missed.
    if (url.hostname !== 'localhost') addEventListener('offline', this.#offline);
  }

  /** Sends one message (socket.io's encoded packet), or keeps it until the connection is open. */
  write(data: string): this {
    if (this.readyState === 'closed') return this;
    if (this.readyState === 'open') this.#send(`4${data}`);
    else this.#queue.push(data);
    return this;
  }

  close(): this {
    this.#close('forced close');
    return this;
  }

  /** Whether the server's ping is overdue, even if the timer that should have said so has not fired yet. */
  _hasPingExpired(): boolean {
    const expired = Date.now() > this.#pingDeadline;
    if (expired) {
      this.#pingDeadline = 0;
      void nextTick(() => this.#close('ping timeout'));
    }
    return expired;
  }

  #onPacket(packet: unknown): void {
    if (this.readyState === 'closed') return;
    const text = typeof packet === 'string' ? packet : '';
    switch (text[0]) {
      case '0': {
        const { sid, pingInterval, pingTimeout } = JSON.parse(text.slice(1)) as Record<string, unknown>;
        this.id = String(sid);
        this.readyState = 'open';
        this.transport.writable = true;
        this.#pingWindow = Number(pingInterval) + Number(pingTimeout);
        this.emitReserved('open');
        if (this.readyState !== 'open') return; // closed by a listener
        for (const data of this.#queue.splice(0)) this.#send(`4${data}`);
        this.#expectPing();
        return;
      }
      case '2':
        this.#send('3');
        this.emitReserved('ping');
        this.#expectPing();
        return;
      case '4':
        this.emitReserved('data', text.slice(1));
        return;
      case '1': // the server closing: its WebSocket close follows
      case '6': // noop
        return;
      default: {
        // A binary frame or an unknown type, as engine.io-parser decodes it: an error packet.
        const error = new TransportError('server error') as TransportError & { code?: string };
        error.code = 'parser error';
        this.#fail(error);
      }
    }
  }

  #expectPing(): void {
    clearTimeout(this.#pingTimer);
    this.#pingDeadline = Date.now() + this.#pingWindow;
    this.#pingTimer = setTimeout(() => this.#close('ping timeout'), this.#pingWindow);
  }

  #send(text: string): void {
    // A socket the browser has closed but not yet told us about throws; the close event follows.
    try {
      this.#ws.send(text);
    } catch {
      /* see above */
    }
  }

  #fail(error: Error): void {
    if (this.readyState === 'closed') return;
    this.emitReserved('error', error);
    this.#close('transport error', error);
  }

  #close(reason: string, description?: unknown): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.transport.writable = false;
    this.id = null;
    clearTimeout(this.#pingTimer);
    removeEventListener('offline', this.#offline);
    this.#ws.onmessage = this.#ws.onerror = this.#ws.onclose = null;
    this.#ws.close();
    this.#queue = [];
    this.emitReserved('close', reason, description);
  }
}
