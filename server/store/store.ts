// Where users, pending requests, calls and the match queue live. The rules
// (server/rules/calls.ts) only talk to this interface, so a shared store (Redis)
// can replace the in-memory one without touching them.
import type { Role } from '../../protocol/index.js';

/** The one call or request a user is part of. */
export interface Link {
  /** Key of the other party. */
  peer: string;
  role: Role;
  state: 'pending' | 'active';
  /** Tells this request apart from a later one between the same two people. */
  id: string;
  /** Made by the roulette queue rather than by name. */
  matched?: boolean;
}

export interface UserRecord {
  /** Display name, as the user typed it (trimmed). */
  name: string;
  /** Socket id of the live connection; '' while the user is away. */
  sid: string;
  /** While away: the id of the socket that dropped (its grace timer's token). */
  dropped: string;
  /** SHA-256 of the current resume secret; the secret itself is never stored. */
  resume: string;
  link: Link | null;
  /** Waiting in the roulette queue. */
  queued: boolean;
  /** Key of the last person the queue paired this user with. */
  lastMatch: string | null;
  /** v2: keys of the names this user blocked (for this session; see `persistent`). */
  blocks?: string[];
  /** v2: a signed identity: blocks are saved in the store when the session ends and restored at the next. */
  persistent?: boolean;
  /** v2.1: when this session began (ms since the epoch; a resume or takeover keeps it). Absent in records written before. */
  since?: number;
  /** v2: while queued, the interests in compared form (NFKC, lower case). */
  interests?: string[];
  /** v2: while queued with interests, when they may be paired with anyone (ms since the epoch). */
  waitUntil?: number;
  /**
   * v2.1: the live connection announced "candidate-batch". Kept here so
   * that a process relaying to a connection on another process knows
   * whether to send a batch or one candidate at a time.
   */
  batches?: boolean;
}

/**
 * One atomic operation. `get` reads through the transaction, `set` / `delete`
 * / `setQueue` are applied together when the function returns. The function
 * may run again if a shared store saw a conflict, so it must not have side
 * effects and must not mutate what `get` returns.
 */
export interface Transaction {
  get(key: string): Promise<UserRecord | undefined>;
  set(key: string, record: UserRecord): void;
  delete(key: string): void;
  /** The roulette queue, oldest first. */
  queue(): Promise<readonly string[]>;
  setQueue(keys: readonly string[]): void;
  /**
   * v2 bookkeeping that outlives a session (request windows, reports,
   * suspensions, saved blocks): a JSON value under `key`, gone after its
   * expiry, so none of it grows without bound.
   */
  getData<T>(key: string): Promise<T | undefined>;
  /** Writes `value` to expire `ttlMs` from now (at least 1 ms). */
  setData(key: string, value: unknown, ttlMs: number): void;
  deleteData(key: string): void;
}

export interface StoreCounts {
  users: number;
  pending: number;
  calls: number;
  queued: number;
}

export interface Store {
  get(key: string): Promise<UserRecord | undefined>;
  /** A synchronous `get`, for stores that can answer at once: relays then skip a promise each. */
  peek?(key: string): UserRecord | undefined;
  transact<T>(operation: (tx: Transaction) => Promise<T>): Promise<T>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}
