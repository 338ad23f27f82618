// A text-only stand-in for `engine.io-parser`, swapped in at bundle time for
// engine.io-client's socket and WebSocket transport (rollup.config.mjs).
// Roulette connects over WebSocket only and never sends binary (see
// json-parser.ts), so the default parser's Blob / ArrayBuffer / base64 paths
// are dead weight in the CDN bundle (about 0.4 KB gzipped). The wire format
// is the same (engine.io protocol 4): one packet per WebSocket message, its
// type as one digit, then its text. A binary message from a server decodes as
// the parser's error packet, which closes the connection.
import type { Packet, PacketType } from 'engine.io-parser';

export const protocol = 4;

/** Packet types by their digit on the wire. */
const TYPES: readonly PacketType[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];

export function encodePacket({ type, data }: Packet, _supportsBinary: boolean, callback: (encoded: string) => void): void {
  callback(TYPES.indexOf(type) + (data ?? ''));
}

export function decodePacket(encoded: unknown): Packet {
  const text = typeof encoded === 'string' ? encoded : '';
  const type = TYPES[text.charCodeAt(0) - 48]; // '0' is 48
  if (!type) return { type: 'error', data: 'parser error' };
  return text.length > 1 ? { type, data: text.slice(1) } : { type };
}
