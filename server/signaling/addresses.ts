// Connections per client address (docs/protocol.md, "Connection hygiene"):
// at most `max` at a time from one address, refused at the handshake with
// a sentence; loopback is never counted. Behind a trusted reverse proxy the
// client address is the last X-Forwarded-For entry, the one the proxy added.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string): boolean {
  const bare = address.toLowerCase().replace(/^::ffff:/, '');
  return bare === '::1' || bare.startsWith('127.');
}

/** The client address of a request; '' when it cannot be told. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    const last = list[list.length - 1]!.trim();
    if (isIP(last) !== 0) return last.toLowerCase();
  }
  return req.socket?.remoteAddress ?? '';
}

export class AddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly trustProxy: boolean,
  ) {}

  /** The client address of `req` as this server's TRUST_PROXY setting decides it. */
  of(req: IncomingMessage): string {
    return clientAddress(req, this.trustProxy);
  }

  private counted(req: IncomingMessage): string | null {
    const address = clientAddress(req, this.trustProxy);
    return address === '' || isLoopback(address) ? null : address;
  }

  /** Why a new connection from `req` is refused, or null when it may open. */
  refusal(req: IncomingMessage): string | null {
    const address = this.counted(req);
    if (address === null || (this.counts.get(address) ?? 0) < this.max) return null;
    return `Too many connections from your address (at most ${this.max} at a time); close some and try again.`;
  }

  /** Counts a connection that opened; the returned function uncounts it when it closes. */
  add(req: IncomingMessage | null | undefined): () => void {
    const address = req ? this.counted(req) : null;
    if (address === null) return () => {};
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.counts.get(address) ?? 1) - 1;
      if (left <= 0) this.counts.delete(address);
      else this.counts.set(address, left);
    };
  }

  /** Addresses with connections open (for tests and /metrics). */
  get size(): number {
    return this.counts.size;
  }
}
