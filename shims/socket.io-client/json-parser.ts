// A JSON-only stand-in for `socket.io-parser`, swapped in at bundle time
// (rollup.config.mjs). Roulette never sends binary attachments, so the
// default parser's binary (de)construction is dead weight in the CDN bundle
// (about 2 KB gzipped). The text wire format is the same as the default
// parser's (socket.io protocol 5): `<type>[<nsp>,][<id>][<json>]`; a binary
// packet from a server is refused as malformed.
import { Emitter } from '@socket.io/component-emitter';

export const protocol = 5;

export enum PacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK,
}

export interface Packet {
  type: PacketType;
  nsp: string;
  data?: unknown;
  id?: number;
}

export class Encoder {
  encode(packet: Packet): string[] {
    let text = `${packet.type}`;
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

const isObject = (value: unknown) => Object.prototype.toString.call(value) === '[object Object]';

function valid(type: PacketType, data: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isObject(data);
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === 'string' || isObject(data);
    case PacketType.EVENT:
      return Array.isArray(data) && (typeof data[0] === 'number' || typeof data[0] === 'string');
    case PacketType.ACK:
      return Array.isArray(data);
    default:
      return false; // binary packets
  }
}

/** Emits `decoded` with each packet; throws on anything malformed, as the default parser does. */
export class Decoder extends Emitter<Record<string, never>, Record<string, never>, { decoded: (packet: Packet) => void }> {
  add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error('binary packets are not supported');
    const match = /^(\d)(?:(\/[^,]*),)?(\d+)?([\s\S]*)$/.exec(chunk);
    if (!match) throw new Error('malformed packet');
    const packet: Packet = { type: Number(match[1]), nsp: match[2] ?? '/' };
    if (match[3] !== undefined) packet.id = Number(match[3]);
    if (match[4]) packet.data = JSON.parse(match[4]);
    if (!valid(packet.type, packet.data)) throw new Error('invalid payload');
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}
