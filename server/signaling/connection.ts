// What the signaling server keeps per socket.io connection, and the socket
// types that carry it.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/index.js';
import { identityKey } from '../identity/names.js';
import { TokenBucket, type RateLimit } from './rate-limit.js';

export interface ConnectionData {
  /** The registered user's key; null before CONNECT. */
  key: string | null;
  name: string;
  bucket: TokenBucket;
  /** Tail of this connection's event chain. */
  tail: Promise<void>;
  /** Events queued on that chain and not finished yet. */
  pending: number;
  limited: boolean;
  /** Last `to` string seen and its key: relays repeat it hundreds of times. */
  lastTo: string;
  lastToKey: string | null;
  /** Why the connection closed, once it has. */
  closeReason: string | null;
  /** When events refused by the rate limit were refused (ms, oldest first), for the flood rule. */
  refusedAt: number[];
  /** v2.1: its CONNECT announced "candidate-batch": candidates may come and go in batches. */
  batches: boolean;
  /** The client address as TRUST_PROXY decides it (signaling/addresses.ts); '' when unknown. */
  address: string;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConnectionData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConnectionData>;

export function newConnectionData(rateLimit: RateLimit, address = ''): ConnectionData {
  return {
    key: null,
    name: '',
    bucket: new TokenBucket(rateLimit),
    tail: Promise.resolve(),
    pending: 0,
    limited: false,
    lastTo: '',
    lastToKey: null,
    closeReason: null,
    refusedAt: [],
    batches: false,
    address,
  };
}

/** The key of a `to` name, cached per connection for relays. */
export function targetKey(socket: IoSocket, name: string): string | null {
  const data = socket.data;
  if (name !== data.lastTo) {
    data.lastTo = name;
    data.lastToKey = identityKey(name);
  }
  return data.lastToKey;
}
