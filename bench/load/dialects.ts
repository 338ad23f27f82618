// One simulated user per WebSocket, speaking each server's wire format by
// hand. Frames are built from pre-encoded JSON and read by their first bytes
// only (a 4 KB offer is never decoded), so the generator stays cheap
// next to the server it drives.
import WebSocket from 'ws';
import { ANSWER_JSON, CANDIDATE_BATCHES, CANDIDATE_JSON, CANDIDATES_PER_SIDE, OFFER_JSON } from './payloads.js';

/** A message relayed by the server from the peer to this user. */
export type Relay = 'requested' | 'accepted' | 'offer' | 'answer' | 'candidate' | 'ended';

export interface UserEvents {
  relay(kind: Relay): void;
  /** Something a well-behaved run never sees: a refused request, an unexpected event, a dropped socket. */
  error(what: string): void;
}

export interface User {
  readonly name: string;
  /** Frames sent and received, pings and heartbeats excluded. */
  sent: number;
  received: number;
  /** Opens the socket and registers; resolves when the server has accepted the name. */
  connect(): Promise<void>;
  request(to: string): void;
  accept(from: string): void;
  offer(to: string): void;
  answer(to: string): void;
  /** Sends this side's CANDIDATES_PER_SIDE candidates as the dialect's client does; returns how many messages that took. */
  candidates(to: string): number;
  hangUp(to: string): void;
  close(): void;
}

export type DialectName = 'roulette' | 'peerjs' | 'ws-relay';

const SOCKET_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;

/** The first bytes of a frame, as text (cheap: no UTF-8 decoding of the rest). */
function head(data: Buffer, length = 48): string {
  return data.toString('latin1', 0, Math.min(length, data.length));
}

abstract class SocketUser implements User {
  sent = 0;
  received = 0;
  protected ws?: WebSocket;
  private closing = false;
  protected connected?: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    readonly name: string,
    protected readonly events: UserEvents,
  ) {}

  protected abstract address(): string;
  protected abstract onFrame(data: Buffer): void;
  abstract request(to: string): void;
  abstract accept(from: string): void;
  abstract offer(to: string): void;
  abstract answer(to: string): void;
  abstract candidates(to: string): number;
  abstract hangUp(to: string): void;

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connected = { resolve, reject };
      const ws = new WebSocket(this.address(), SOCKET_OPTIONS);
      this.ws = ws;
      ws.on('message', (data: Buffer) => this.onFrame(data));
      ws.on('error', (error) => this.fail(`socket error: ${error.message}`));
      ws.on('close', () => {
        if (!this.closing) this.fail('socket closed by the server');
      });
    });
  }

  protected registered(): void {
    this.connected?.resolve();
    this.connected = undefined;
  }

  protected fail(what: string): void {
    if (this.connected) {
      this.connected.reject(new Error(`${this.name}: ${what}`));
      this.connected = undefined;
    } else {
      this.events.error(what);
    }
  }

  protected send(frame: string): void {
    this.sent++;
    this.ws!.send(frame);
  }

  close(): void {
    this.closing = true;
    this.ws?.terminate();
  }
}

/**
 * Roulette: engine.io v4 + socket.io v5 packets over a raw WebSocket.
 * `0{…}` open → `40` → `40{sid}`; `42["EVENT",payload]`, with an ack id
 * `42<id>[…]` answered by `43<id>[…]`; server ping `2`, our pong `3`.
 * Acks are asked for where a real client acts on them; not for candidates.
 * Announces candidate batches (v2.1) and sends its candidates in batches,
 * as our client does.
 */
class RouletteUser extends SocketUser {
  private ackId = 1;
  private readonly batchFrames: string[];

  constructor(
    private readonly url: string,
    name: string,
    events: UserEvents,
    private readonly peer: string,
  ) {
    super(name, events);
    this.batchFrames = CANDIDATE_BATCHES.map(
      (size) => `42["SEND_ICE_CANDIDATE",{"to":${JSON.stringify(peer)},"candidates":[${Array(size).fill(CANDIDATE_JSON).join(',')}]}]`,
    );
  }

  protected address(): string {
    return `${this.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  }

  private emit(event: string, payload: string, ack = true): void {
    this.send(ack ? `42${this.ackId++}["${event}",${payload}]` : `42["${event}",${payload}]`);
  }

  protected onFrame(data: Buffer): void {
    const type = data[0];
    if (type === 0x32 /* 2: ping */) {
      this.ws!.send('3');
      return;
    }
    this.received++;
    if (type === 0x30 /* 0: engine.io open */) {
      this.send('40');
      return;
    }
    if (type !== 0x34 /* 4: message */) return this.fail(`unexpected frame ${head(data, 32)}`);
    const packet = data[1];
    if (packet === 0x32 /* 2: event */) {
      const text = head(data);
      const end = text.indexOf('"', 4);
      const event = text.slice(4, end);
      const kind = ROULETTE_EVENTS[event];
      if (kind) this.events.relay(kind);
      else this.fail(`unexpected event ${event}`);
    } else if (packet === 0x33 /* 3: ack */) {
      const text = data.toString();
      if (this.connected) {
        if (text.includes('"ok":true')) this.registered();
        else this.fail(`CONNECT refused: ${text}`);
      } else if (!text.includes('"ok":true')) {
        this.events.error(text.slice(text.indexOf('['), 200));
      }
    } else if (packet === 0x30 /* 0: namespace connected */) {
      this.emit('CONNECT', `{"as":${JSON.stringify(this.name)},"features":["candidate-batch"]}`);
    } else {
      this.fail(`unexpected packet ${head(data, 64)}`);
    }
  }

  request(to: string) {
    this.emit('REQUEST_CALL', `{"to":${JSON.stringify(to)}}`);
  }
  accept(from: string) {
    this.emit('ACCEPT_CALL', `{"from":${JSON.stringify(from)}}`);
  }
  offer(to: string) {
    this.emit('SEND_CALLER_DESCRIPTOR', `{"to":${JSON.stringify(to)},"sdp":${OFFER_JSON}}`);
  }
  answer(to: string) {
    this.emit('SEND_RECIPIENT_DESCRIPTOR', `{"to":${JSON.stringify(to)},"sdp":${ANSWER_JSON}}`);
  }
  candidates(to: string) {
    if (to !== this.peer) throw new Error('candidate frames are built for the one peer');
    for (const frame of this.batchFrames) this.send(frame);
    return this.batchFrames.length;
  }
  hangUp(to: string) {
    this.emit('HANG_UP', `{"to":${JSON.stringify(to)}}`);
  }
}

const ROULETTE_EVENTS: Record<string, Relay | undefined> = {
  CALL_REQUESTED: 'requested',
  CALL_ACCEPTED: 'accepted',
  CALLER_DESCRIPTOR_RECEIVED: 'offer',
  RECIPIENT_DESCRIPTOR_RECEIVED: 'answer',
  ICE_CANDIDATE_RECEIVED: 'candidate',
  CALL_ENDED: 'ended',
};

/** The `"type"` of a `{"type":"…",…}` frame. */
function jsonType(data: Buffer): string {
  const text = head(data, 32);
  if (!text.startsWith('{"type":"')) return '';
  return text.slice(9, text.indexOf('"', 9));
}

/**
 * PeerJS: `/peerjs?key=peerjs&id=…&token=…`, the server says `OPEN`; a
 * media call is OFFER, ANSWER and CANDIDATE messages `{ type, dst, payload }`
 * shaped as peerjs 1.5 sends them, and a HEARTBEAT every 5 s as its client
 * does. There is no request, accept or hang-up on the wire: the callee
 * answers locally, and closing a call is local too.
 */
class PeerJsUser extends SocketUser {
  private heartbeat?: NodeJS.Timeout;
  private readonly connectionId: string;
  private readonly candidateFrame: string;

  constructor(
    private readonly url: string,
    name: string,
    events: UserEvents,
    peer: string,
  ) {
    super(name, events);
    this.connectionId = `mc_${name}`;
    this.candidateFrame = `{"type":"CANDIDATE","dst":${JSON.stringify(peer)},"payload":{"candidate":${CANDIDATE_JSON},"type":"media","connectionId":"${this.connectionId}"}}`;
  }

  protected address(): string {
    const token = Math.random().toString(36).slice(2);
    return `${this.url.replace(/^http/, 'ws')}/peerjs?key=peerjs&id=${encodeURIComponent(this.name)}&token=${token}&version=1.5.5`;
  }

  protected onFrame(data: Buffer): void {
    this.received++;
    const type = jsonType(data);
    const kind = PEERJS_TYPES[type];
    if (kind) return this.events.relay(kind);
    if (type === 'OPEN' && this.connected) {
      this.heartbeat = setInterval(() => this.ws!.send('{"type":"HEARTBEAT"}'), 5000);
      this.heartbeat.unref();
      return this.registered();
    }
    this.fail(`unexpected message ${head(data, 80)}`);
  }

  request() {}
  accept() {}
  hangUp() {}
  offer(to: string) {
    this.send(
      `{"type":"OFFER","dst":${JSON.stringify(to)},"payload":{"sdp":${OFFER_JSON},"type":"media","connectionId":"${this.connectionId}","metadata":null}}`,
    );
  }
  answer(to: string) {
    this.send(
      `{"type":"ANSWER","dst":${JSON.stringify(to)},"payload":{"sdp":${ANSWER_JSON},"type":"media","connectionId":"${this.connectionId}","browser":"chrome"}}`,
    );
  }
  candidates() {
    // PeerJS's client sends each candidate as it is gathered.
    for (let i = 0; i < CANDIDATES_PER_SIDE; i++) this.send(this.candidateFrame);
    return CANDIDATES_PER_SIDE;
  }

  override close(): void {
    clearInterval(this.heartbeat);
    super.close();
  }
}

const PEERJS_TYPES: Record<string, Relay | undefined> = { OFFER: 'offer', ANSWER: 'answer', CANDIDATE: 'candidate' };

/** The floor relay: `{"type":…,"to":…}` in, the same plus `from` out; our event flow (batches too) without acks. */
class RelayUser extends SocketUser {
  private readonly batchFrames: string[];

  constructor(
    private readonly url: string,
    name: string,
    events: UserEvents,
    peer: string,
  ) {
    super(name, events);
    this.batchFrames = CANDIDATE_BATCHES.map(
      (size) => `{"type":"CANDIDATE","to":${JSON.stringify(peer)},"candidates":[${Array(size).fill(CANDIDATE_JSON).join(',')}]}`,
    );
  }

  protected address(): string {
    return `${this.url.replace(/^http/, 'ws')}/?id=${encodeURIComponent(this.name)}`;
  }

  protected onFrame(data: Buffer): void {
    this.received++;
    const type = jsonType(data);
    const kind = RELAY_TYPES[type];
    if (kind) return this.events.relay(kind);
    if (type === 'OPEN' && this.connected) return this.registered();
    this.fail(`unexpected message ${head(data, 80)}`);
  }

  request(to: string) {
    this.send(`{"type":"REQUEST_CALL","to":${JSON.stringify(to)}}`);
  }
  accept(from: string) {
    this.send(`{"type":"ACCEPT_CALL","to":${JSON.stringify(from)}}`);
  }
  offer(to: string) {
    this.send(`{"type":"OFFER","to":${JSON.stringify(to)},"sdp":${OFFER_JSON}}`);
  }
  answer(to: string) {
    this.send(`{"type":"ANSWER","to":${JSON.stringify(to)},"sdp":${ANSWER_JSON}}`);
  }
  candidates() {
    for (const frame of this.batchFrames) this.send(frame);
    return this.batchFrames.length;
  }
  hangUp(to: string) {
    this.send(`{"type":"HANG_UP","to":${JSON.stringify(to)}}`);
  }
}

const RELAY_TYPES: Record<string, Relay | undefined> = {
  REQUEST_CALL: 'requested',
  ACCEPT_CALL: 'accepted',
  OFFER: 'offer',
  ANSWER: 'answer',
  CANDIDATE: 'candidate',
  HANG_UP: 'ended',
};

/** Whether calls are requested, accepted and hung up through the server. */
export const CALL_STATE: Record<DialectName, boolean> = { roulette: true, peerjs: false, 'ws-relay': true };

/** A user of `dialect` whose only peer is `peer` (its pair partner). */
export function createUser(dialect: DialectName, url: string, name: string, peer: string, events: UserEvents): User {
  if (dialect === 'roulette') return new RouletteUser(url, name, events, peer);
  if (dialect === 'peerjs') return new PeerJsUser(url, name, events, peer);
  return new RelayUser(url, name, events, peer);
}
