// A smaller stand-in for socket.io-client's `Socket` class (one namespace's
// socket on a Manager), swapped in for the modules of socket.io-client that
// import it (scripts/bundle-shims.mjs) in the CDN bundle and in the browser
// tests alike. socket.io-client's Manager — the connection, reconnection with
// backoff, packet encoding — is still the library's. What this leaves out,
// none of which Roulette uses: catch-all listeners (`onAny`, `onAnyOutgoing`),
// `volatile`, `compress`, `timeout()` and `ackTimeout`, `emitWithAck`,
// retries, and connection state recovery (about 1.3 KB of the 30 KB gzipped
// budget). What it keeps is socket.io protocol 5 for one namespace: CONNECT
// with `auth`, events with acks both ways, DISCONNECT and CONNECT_ERROR, and
// emits buffered while disconnected, with the library's events and reasons.
import { Emitter } from '@socket.io/component-emitter';
import { PacketType, type Packet } from './json-parser.js';

/** What a Socket needs of socket.io-client's Manager. */
interface ManagerLike extends Emitter<Record<string, never>, Record<string, never>, Record<string, (...args: never[]) => void>> {
  _readyState: string;
  _reconnecting?: boolean;
  engine?: { _hasPingExpired(): boolean };
  open(): unknown;
  _packet(packet: Packet): void;
  _destroy(socket: Socket): void;
}

type Ack = (...args: unknown[]) => void;

/** Names a page cannot emit: socket.io's own events. */
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

export class Socket extends Emitter<Record<string, never>, Record<string, never>, Record<string, (...args: never[]) => void>> {
  readonly io: ManagerLike;
  readonly nsp: string;
  id?: string;
  connected = false;
  /** Always false: connection state recovery is left out. */
  readonly recovered = false;
  auth?: unknown;
  /** Emits waiting for the connection. */
  sendBuffer: Packet[] = [];
  /** Events that arrived before the CONNECT answer, delivered after it. */
  receiveBuffer: unknown[][] = [];
  #ids = 0;
  #acks = new Map<number, Ack>();
  #subs?: Array<() => void>;

  constructor(io: ManagerLike, nsp: string, options?: { auth?: unknown }) {
    super();
    this.io = io;
    this.nsp = nsp;
    this.auth = options?.auth;
    if ((io as unknown as { _autoConnect?: boolean })._autoConnect) this.connect();
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** Whether it follows its Manager (from `connect()` until `disconnect()` or the server's DISCONNECT). */
  get active(): boolean {
    return !!this.#subs;
  }

  connect(): this {
    if (this.connected) return this;
    if (!this.#subs) {
      const listen = (event: string, handler: (...args: never[]) => void) => {
        this.io.on(event as never, handler as never);
        return () => this.io.off(event as never, handler as never);
      };
      this.#subs = [
        listen('open', () => this.#onOpen()),
        listen('packet', (packet: Packet) => this.#onPacket(packet)),
        listen('error', (error: Error) => this.connected || this.emitReserved('connect_error' as never, error as never)),
        listen('close', (reason: string, description?: unknown) => this.#onClose(reason, description)),
      ];
    }
    if (!this.io._reconnecting) this.io.open();
    if (this.io._readyState === 'open') this.#onOpen();
    return this;
  }

  open(): this {
    return this.connect();
  }

  /** Sends an event; a function as the last argument is called with the server's ack. */
  override emit(event: string, ...args: unknown[]): this {
    if (RESERVED.includes(event)) throw new Error(`"${event}" is a reserved event name`);
    const packet: Packet = { type: PacketType.EVENT, nsp: this.nsp, data: [event, ...args] };
    const data = packet.data as unknown[];
    if (typeof data.at(-1) === 'function') {
      packet.id = this.#ids++;
      this.#acks.set(packet.id, data.pop() as Ack);
    }
    if (this.connected && !this.io.engine?._hasPingExpired()) this.io._packet(packet);
    else this.sendBuffer.push(packet);
    return this;
  }

  send(...args: unknown[]): this {
    return this.emit('message', ...args);
  }

  disconnect(): this {
    if (this.connected) this.io._packet({ type: PacketType.DISCONNECT, nsp: this.nsp });
    this.#destroy();
    if (this.connected) this.#onClose('io client disconnect');
    return this;
  }

  close(): this {
    return this.disconnect();
  }

  #onOpen(): void {
    const send = (data?: unknown) => this.io._packet({ type: PacketType.CONNECT, nsp: this.nsp, data });
    if (typeof this.auth === 'function') (this.auth as (callback: (data: unknown) => void) => void)(send);
    else send(this.auth);
  }

  #onPacket(packet: Packet): void {
    if (packet.nsp !== this.nsp) return;
    switch (packet.type) {
      case PacketType.CONNECT: {
        const sid = (packet.data as { sid?: string } | undefined)?.sid;
        if (!sid) {
          this.emitReserved('connect_error' as never, new Error('not a Socket.IO v3+ server') as never);
          return;
        }
        this.id = sid;
        this.connected = true;
        for (const args of this.receiveBuffer.splice(0)) this.#deliver(args);
        for (const buffered of this.sendBuffer.splice(0)) this.io._packet(buffered);
        this.emitReserved('connect' as never);
        return;
      }
      case PacketType.EVENT: {
        const args = [...((packet.data as unknown[]) ?? [])];
        if (packet.id != null) args.push(this.#ack(packet.id));
        if (this.connected) this.#deliver(args);
        else this.receiveBuffer.push(args);
        return;
      }
      case PacketType.ACK: {
        const ack = this.#acks.get(packet.id!);
        this.#acks.delete(packet.id!);
        ack?.apply(this, (packet.data as unknown[]) ?? []);
        return;
      }
      case PacketType.DISCONNECT:
        this.#destroy();
        this.#onClose('io server disconnect');
        return;
      case PacketType.CONNECT_ERROR: {
        this.#destroy();
        const data = packet.data as { message?: string; data?: unknown };
        const error = Object.assign(new Error(data?.message), { data: data?.data });
        this.emitReserved('connect_error' as never, error as never);
      }
    }
  }

  /** Calls this socket's listeners of `args[0]` (the Emitter's `emit`: ours sends). */
  #deliver(args: unknown[]): void {
    (Emitter.prototype.emit as (...args: unknown[]) => unknown).apply(this, args);
  }

  /** The answer to a server event that asked for one: sent once. */
  #ack(id: number): Ack {
    let sent = false;
    return (...args) => {
      if (sent) return;
      sent = true;
      this.io._packet({ type: PacketType.ACK, nsp: this.nsp, id, data: args });
    };
  }

  #onClose(reason: string, description?: unknown): void {
    this.connected = false;
    this.id = undefined;
    this.emitReserved('disconnect' as never, reason as never, description as never);
  }

  #destroy(): void {
    this.#subs?.forEach((unsubscribe) => unsubscribe());
    this.#subs = undefined;
    this.io._destroy(this);
  }
}
