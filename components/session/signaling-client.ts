import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientEventName,
  ClientPayload,
  ClientToServerEvents,
  ConnectPayload,
  ConnectResult,
  Feature,
  IceCandidate,
  ServerToClientEvents,
} from '../../protocol/index.js';
import { CandidateBatcher } from './candidate-batcher.js';
import { SignalingError } from './signaling-error.js';
import { SIGNALING } from './wording.js';
import { TypedEventTarget } from './typed-event-target.js';

/** The fields of a successful ack for a client → server event. */
export type AckResult<E extends ClientEventName> =
  Parameters<ClientToServerEvents[E]>[1] extends ((answer: Ack<infer T>) => void) | undefined ? T : never;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export interface SignalingClientOptions {
  /** How long a request may wait for its ack. */
  requestTimeoutMs?: number;
  /** How long to keep trying to resume after an unintended drop before giving up. */
  giveUpAfterMs?: number;
  /** How long the very first connection attempt may take. */
  connectTimeoutMs?: number;
  /**
   * While this returns true (e.g. a peer-to-peer call is in progress, which
   * does not need the server), a server that shuts down or restarts is an
   * outage, not the end: the client keeps reconnecting with backoff, past
   * `giveUpAfterMs` too, and registers again when the server is back.
   */
  holdOn?: () => boolean;
  /** v2: the site's signed identity token, asked for again before every resume (tokens may be short-lived). */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
}

/** Detail of the `resumed` event. */
export interface SignalingResumedDetail {
  /**
   * The server took the old session over (same name with its call, request
   * or queue place). False when it registered the name afresh (e.g. the
   * server restarted): the old call, request or queue place is gone there.
   */
  resumed: boolean;
}

/** Detail of the `closed` event: why the connection ended for good. */
export interface SignalingClosedDetail {
  /** `CLOSED` (server closed it or we disconnected), `UNREACHABLE` (gave up resuming), or the resume error. */
  code: string;
  /** A sentence a person can read. */
  message: string;
  /** The sentence in the page's current language. */
  text?: () => string;
  /** True when we ended it ourselves with `disconnect()`. */
  deliberate: boolean;
}

/** Each server → client event as a DOM event: its payload is the `detail`. */
export type ServerEventMap = { [E in ServerEventName]: CustomEvent<ServerPayload<E>> };

/**
 * What a `SignalingClient` dispatches: every server event (`CALL_REQUESTED`,
 * `MATCHED`, …, named as on the wire) and the connection's own events.
 */
export interface SignalingClientEventMap extends ServerEventMap {
  /** The transport dropped without a deliberate disconnect; trying to resume. */
  reconnecting: Event;
  /** Registered again on a new connection after a drop (see `resumed` in the detail). */
  resumed: CustomEvent<SignalingResumedDetail>;
  /** The connection ended for good; the client is unusable afterwards. */
  closed: CustomEvent<SignalingClosedDetail>;
}

/** v2.1: what this client announces in every CONNECT (docs/protocol.md). */
const FEATURES: Feature[] = ['candidate-batch'];

type LooseSocket = Socket & {
  emit(event: string, ...args: unknown[]): Socket;
};

/**
 * The server events relayed, one entry per event of `ServerToClientEvents`
 * (protocol/events.ts): one added or removed there fails to compile here.
 */
const SERVER_EVENTS = Object.keys({
  CALL_REQUESTED: true,
  CALL_ACCEPTED: true,
  CALL_REJECTED: true,
  CALL_CANCELED: true,
  CALL_ENDED: true,
  CALLER_DESCRIPTOR_RECEIVED: true,
  RECIPIENT_DESCRIPTOR_RECEIVED: true,
  ICE_CANDIDATE_RECEIVED: true,
  MATCHED: true,
  SERVER_CLOSING: true,
} satisfies Record<ServerEventName, true>) as ServerEventName[];

/**
 * One signaling connection to a Roulette server: a socket.io client of its
 * own (`forceNew`, WebSocket only), promise-returning requests, server
 * events dispatched as DOM events (`addEventListener('MATCHED', …)`, the
 * payload in `detail`), and resume after an unintended drop
 * (docs/protocol.md, Resume). One instance serves one login; after `closed`
 * make a new one.
 */
export class SignalingClient extends TypedEventTarget<SignalingClientEventMap> {
  readonly server: string;
  readonly #options: Required<Omit<SignalingClientOptions, 'holdOn' | 'getToken'>>;
  readonly #holdOn: () => boolean;
  readonly #getToken: SignalingClientOptions['getToken'];
  #socketInstance?: LooseSocket;
  #registered = false;
  #finished = false;
  #identity?: ConnectResult;
  #closingReason?: string;
  #giveUpTimer?: ReturnType<typeof setTimeout>;
  /** Emits held back while the name is not (re)registered on the current connection. */
  #outbox: Array<() => void> = [];
  readonly #candidates = new CandidateBatcher((to, candidates) =>
    this.#emitWhenRegistered(() => this.#socketInstance?.emit('SEND_ICE_CANDIDATE', { to, candidates })),
  );

  constructor(server: string, options: SignalingClientOptions = {}) {
    super();
    this.server = server;
    this.#options = {
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      giveUpAfterMs: options.giveUpAfterMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 8_000,
    };
    this.#holdOn = options.holdOn ?? (() => false);
    this.#getToken = options.getToken;
  }

  /** A fresh identity token from `getToken`, if any (a failing callback gives none: the server then says UNAUTHORIZED). */
  async token(): Promise<string | undefined> {
    try {
      return (await this.#getToken?.()) || undefined;
    } catch (error) {
      console.warn('Roulette: getToken failed', error);
      return undefined;
    }
  }

  /** The registered name, once `connect()` succeeded. */
  get username(): string | undefined {
    return this.#identity?.username;
  }

  /** The current resume secret (changes on every resume). */
  get resumeSecret(): string | undefined {
    return this.#identity?.resume;
  }

  /** True while the transport is down and a resume is being attempted. */
  get reconnecting(): boolean {
    return !this.#finished && this.#identity !== undefined && !this.#registered;
  }

  get closed(): boolean {
    return this.#finished;
  }

  /** The underlying socket.io socket (for diagnostics and tests). */
  get socket(): Socket | undefined {
    return this.#socketInstance;
  }

  /**
   * Opens the connection and registers a name (`CONNECT`). Rejects with a
   * `SignalingError`: `UNREACHABLE` when the server can't be reached, or the
   * server's code (`USERNAME_TAKEN`, `INVALID_USERNAME`, …).
   */
  connect(payload: ConnectPayload = {}): Promise<ConnectResult> {
    if (this.#socketInstance) return Promise.reject(new SignalingError('ALREADY_CONNECTED', 'Already connected.'));
    const socket = io(this.server, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2_000,
      timeout: this.#options.connectTimeoutMs,
      autoConnect: false,
    }) as LooseSocket;
    this.#socketInstance = socket;

    // Relay every server event once per socket; listeners live as long as the
    // socket (never registered inside a `connect` handler).
    for (const name of SERVER_EVENTS) {
      socket.on(name, (payload: unknown) => this.#dispatchServerEvent(name, payload));
    }

    return new Promise<ConnectResult>((resolve, reject) => {
      let first = true;
      socket.on('connect_error', (error: Error & { data?: unknown }) => {
        const refusal = originRefusal(error, this.server);
        if (refusal) {
          // Refused, not unreachable: trying again cannot help.
          if (first) {
            first = false;
            this.#finish();
            reject(refusal);
          } else {
            this.#close(refusal.code, SIGNALING.refused);
          }
          return;
        }
        if (!first) return; // later attempts: the give-up timer decides
        first = false;
        this.#finish();
        reject(
          new SignalingError('UNREACHABLE', SIGNALING.unreachable(describeServer(this.server)), () =>
            SIGNALING.unreachable(describeServer(this.server)),
          ),
        );
      });
      socket.on('connect', () => {
        if (first) {
          first = false;
          this.#register(payload).then(
            (result) => resolve(result),
            (error: unknown) => {
              this.#finish();
              reject(error);
            },
          );
        } else {
          this.#resume();
        }
      });
      socket.on('disconnect', (reason) => this.#onDisconnect(reason));
      socket.connect();
    });
  }

  /**
   * Sends a client → server event and waits for its ack. Resolves with the
   * ack's fields; rejects with a `SignalingError` carrying the server's code
   * and sentence. While resuming, the request waits for the new connection.
   */
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckResult<E>> {
    if (this.#finished) return Promise.reject(new SignalingError('CLOSED', SIGNALING.notConnected(), SIGNALING.notConnected));
    return this.#ask(event, payload, (emit) => this.#emitWhenRegistered(emit));
  }

  /** Fire-and-forget: sends an event without asking for an ack. */
  send<E extends ClientEventName>(event: E, payload: ClientPayload<E>): void {
    if (this.#finished) return;
    this.#emitWhenRegistered(() => this.#socketInstance?.emit(event, payload));
  }

  /**
   * Relays a local ICE candidate: batched with the ones gathered right
   * after it when the server takes batches (v2.1), else sent alone.
   */
  sendCandidate(to: string, candidate: IceCandidate): void {
    if (this.#finished) return;
    if (this.#identity?.features?.includes('candidate-batch')) this.#candidates.add(to, candidate);
    else this.send('SEND_ICE_CANDIDATE', { to, candidate });
  }

  /** Leaves for good: the server frees the name and ends calls at once. */
  disconnect(): void {
    if (this.#finished) return;
    this.#finish();
    this.dispatchEvent(
      new CustomEvent<SignalingClosedDetail>('closed', {
        detail: { code: 'CLOSED', message: 'Disconnected.', deliberate: true },
      }),
    );
  }

  /** The server wants a still frame with REPORT (its CONNECT ack's `reportEvidence`, an extension). */
  get reportEvidence(): boolean {
    return this.#identity?.reportEvidence === true;
  }

  async #register(payload: ConnectPayload): Promise<ConnectResult> {
    const result = await this.#ask('CONNECT', { ...payload, features: FEATURES });
    this.#identity = result;
    this.#registered = true;
    this.#flush();
    return result;
  }

  #resume(): void {
    const identity = this.#identity;
    if (!identity || this.#finished) return;
    this.token().then((token) => this.#ask('CONNECT', { as: identity.username, resume: identity.resume, features: FEATURES, ...(token ? { token } : {}) })).then(
      (result) => {
        clearTimeout(this.#giveUpTimer);
        this.#identity = result;
        this.#registered = true;
        this.#flush();
        // A v1 server sends no `resumed`: a successful resume was a takeover there.
        this.dispatchEvent(new CustomEvent<SignalingResumedDetail>('resumed', { detail: { resumed: result.resumed !== false } }));
      },
      (error: unknown) => {
        const code = error instanceof SignalingError ? error.code : 'INTERNAL';
        this.#close(code, code === 'USERNAME_TAKEN' ? () => SIGNALING.resumeTaken(identity.username) : SIGNALING.resumeFailed);
      },
    );
  }

  /**
   * Emits an event with an ack, through `via` (`request` waits for the name
   * to be registered; `CONNECT` itself goes at once), and waits for the ack.
   */
  #ask<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    via = (emit: () => void): void => emit(),
  ): Promise<AckResult<E>> {
    return new Promise<AckResult<E>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new SignalingError('TIMEOUT', SIGNALING.timeout(), SIGNALING.timeout)),
        this.#options.requestTimeoutMs,
      );
      via(() => {
        this.#socketInstance?.emit(event, payload, (answer: Ack<AckResult<E> & object>) => {
          clearTimeout(timer);
          if (answer && answer.ok === true) resolve(answer as AckResult<E>);
          else reject(toSignalingError(answer));
        });
      });
    });
  }

  #emitWhenRegistered(emit: () => void): void {
    // Candidates waiting for their batch go first: everything to the peer keeps its order.
    this.#candidates.flush();
    if (this.#registered && this.#socketInstance?.connected) emit();
    else this.#outbox.push(emit);
  }

  #flush(): void {
    const pending = this.#outbox;
    this.#outbox = [];
    for (const emit of pending) emit();
  }

  #onDisconnect(reason: Socket.DisconnectReason): void {
    this.#registered = false;
    if (this.#finished || !this.#identity) return;
    if (reason === 'io client disconnect') return;
    const serverClosed = reason === 'io server disconnect' || this.#closingReason !== undefined;
    if (serverClosed && this.#holdOn()) {
      // A restart or deploy: reconnect (socket.io does not by itself after a server disconnect).
      this.#closingReason = undefined;
      if (reason === 'io server disconnect') this.#socketInstance?.connect();
    } else if (serverClosed) {
      const reason = this.#closingReason;
      this.#close('CLOSED', reason !== undefined ? () => SIGNALING.closedBecause(reason || SIGNALING.shuttingDown()) : SIGNALING.closed);
      return;
    }
    // Unintended drop: socket.io reconnects by itself (with backoff); resume on `connect`.
    this.#armGiveUp();
    this.dispatchEvent(new Event('reconnecting'));
  }

  #armGiveUp(): void {
    clearTimeout(this.#giveUpTimer);
    this.#giveUpTimer = setTimeout(() => {
      if (this.#holdOn()) return this.#armGiveUp();
      this.#close('UNREACHABLE', () => SIGNALING.lost(describeServer(this.server)));
    }, this.#options.giveUpAfterMs);
  }

  #dispatchServerEvent(name: ServerEventName, payload: unknown): void {
    if (name === 'SERVER_CLOSING') {
      const reason = (payload as { reason?: unknown } | undefined)?.reason;
      // '' stands for the default reason, "it is shutting down." (translated when shown).
      this.#closingReason = typeof reason === 'string' && reason.trim() ? reason.trim() : '';
    }
    if (payload === null || typeof payload !== 'object') return;
    this.dispatchEvent(new CustomEvent(name, { detail: payload }));
  }

  #close(code: string, text: () => string): void {
    if (this.#finished) return;
    this.#finish();
    this.dispatchEvent(
      new CustomEvent<SignalingClosedDetail>('closed', { detail: { code, message: text(), text, deliberate: false } }),
    );
  }

  #finish(): void {
    this.#finished = true;
    this.#registered = false;
    this.#outbox = [];
    this.#candidates.clear();
    clearTimeout(this.#giveUpTimer);
    const socket = this.#socketInstance;
    if (socket) {
      socket.io.reconnection(false);
      socket.disconnect();
    }
  }
}

function toSignalingError(answer: unknown): SignalingError {
  const error = (answer as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new SignalingError(
      error.code as SignalingError['code'],
      typeof error.message === 'string' && error.message ? error.message : 'The server refused the request.',
    );
  }
  return new SignalingError('INTERNAL', 'The server sent an answer that could not be read.');
}

/**
 * The server refused this page's origin in the socket.io handshake
 * (`connect_error` with `data.code` ORIGIN_REFUSED): tells the developer in
 * the console which origin and what decides it, and returns the error the
 * person is shown.
 */
function originRefusal(error: Error & { data?: unknown }, server: string): SignalingError | undefined {
  const data = error?.data as { code?: unknown; origin?: unknown } | undefined;
  if (data?.code !== 'ORIGIN_REFUSED') return undefined;
  const origin = typeof data.origin === 'string' ? data.origin : globalThis.location?.origin;
  console.error(
    `Roulette: the call service at ${describeServer(server)} refused this page's origin ${origin}. ` +
      `Its CORS_ORIGINS setting decides which sites may use it: add ${origin} there.`,
  );
  return new SignalingError('ORIGIN_REFUSED', SIGNALING.refused(), SIGNALING.refused);
}

/** The server as a person would recognise it: its host (and port). */
export function describeServer(server: string): string {
  try {
    return new URL(server).host || server;
  } catch {
    return server;
  }
}
