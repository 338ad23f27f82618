// The shared store of a cluster (REDIS_URL): the records of MemoryStore kept
// in one Redis, so every process sees every user and each rule of calls.ts
// stays atomic across processes. The connection is redis-connection.ts's;
// the key layout is redis-layout.ts's.
//
// Transactions are optimistic and need no connection of their own. A
// transaction reads with plain GETs on the shared connection and remembers
// what each key held; its writes are applied by one Lua script
// (commit-script.ts) that first checks that every key read still holds
// exactly that, and otherwise writes nothing so the transaction runs again.
// WATCH/MULTI/EXEC would do the same but WATCH belongs to a connection, so
// every concurrent transaction would need its own. A transaction that
// refuses (a SignalingError) is checked the same way, so a refusal is never
// based on a half-updated view.
//
// This is for a single Redis (or a primary behind Sentinel): the scripts
// touch keys they compute, which Redis Cluster would not allow.
import { SignalingError } from '../errors.js';
import type { Logger } from '../log.js';
import { COMMIT, type CommitPlan, type OwnershipChange } from './commit-script.js';
import { RedisConnection, StoreUnavailableError } from './redis-connection.js';
import { RedisKeys, parseQueue, parseRecord, ringMember } from './redis-layout.js';
import type { Store, StoreCounts, Transaction, UserRecord } from './store.js';

export interface RedisStoreOptions {
  url: string;
  /** Id of this process, for ownership (server/cluster/). */
  node: string;
  /** Prefix of every key; processes of one cluster share it. */
  prefix?: string;
  /** Bound on every store call, Redis away or not. */
  timeoutMs?: number;
  /** Ring timeout, for the deadline index of pending requests. */
  ringTimeoutMs: number;
  logger?: Logger;
}

/** A committed attempt: its value, or the refusal it threw. `null` = conflict, run again. */
type Attempt<T> = { value: T; refusal?: SignalingError } | null;

/** The ring-index member of a record's pending request, if it is the caller of one. */
function pendingRing(key: string, record: UserRecord | undefined | null): string | null {
  const link = record?.link;
  return link && link.role === 'caller' && link.state === 'pending' ? ringMember(key, link.id) : null;
}

function tally(record: UserRecord | undefined | null) {
  const link = record?.link;
  const caller = link?.role === 'caller';
  return {
    users: record ? 1 : 0,
    pending: caller && link.state === 'pending' ? 1 : 0,
    calls: caller && link.state === 'active' ? 1 : 0,
  };
}

/** How writing `record` over `before` moves ownership: a new connection (or drop) claims the user. */
function ownershipChange(before: UserRecord | undefined, record: UserRecord | null): OwnershipChange {
  if (!record) return before ? 'drop' : 'none';
  if (!before || before.sid !== record.sid || before.dropped !== record.dropped) return 'claim';
  return 'none';
}

export class RedisStore implements Store {
  readonly node: string;
  readonly prefix: string;
  /** The connection, shared with cluster membership. */
  readonly redis: RedisConnection;
  /** Resolves once the first connection is up. */
  readonly ready: Promise<void>;
  private readonly keys: RedisKeys;
  private readonly ringTimeoutMs: number;
  /** Transactions that conflicted run their retries one at a time per process. */
  private lane: Promise<unknown> = Promise.resolve();

  constructor(options: RedisStoreOptions) {
    this.node = options.node;
    this.prefix = options.prefix ?? 'roulette:';
    this.keys = new RedisKeys(this.prefix);
    this.ringTimeoutMs = options.ringTimeoutMs;
    this.redis = new RedisConnection({ url: options.url, timeoutMs: options.timeoutMs, logger: options.logger });
    this.ready = this.redis.ready;
  }

  async get(key: string): Promise<UserRecord | undefined> {
    const { redis } = this;
    return redis.bounded(async () => parseRecord((await redis.call(redis.client.get(this.keys.user(key)))) ?? ''));
  }

  transact<T>(operation: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.redis.bounded(async (live) => {
      const first = await this.attempt(operation, live);
      if (first) return settle(first);
      // Conflicts: retry one at a time in this process, so concurrent
      // transactions here stop invalidating each other; only other
      // processes can still get in the way.
      const retried = this.lane.then(async () => {
        for (;;) {
          const next = await this.attempt(operation, live);
          if (next) return next;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        }
      });
      this.lane = retried.catch(() => undefined);
      return settle(await retried);
    });
  }

  private async attempt<T>(operation: (tx: Transaction) => Promise<T>, live: () => boolean): Promise<Attempt<T>> {
    if (!live()) throw new StoreUnavailableError();
    const { redis, keys } = this;
    const seen = new Map<string, Promise<string>>();
    const read = (redisKey: string): Promise<string> => {
      let raw = seen.get(redisKey);
      if (!raw) {
        raw = redis.call(redis.client.get(redisKey)).then((value) => value ?? '');
        raw.catch(() => undefined);
        seen.set(redisKey, raw);
      }
      return raw;
    };
    let writes = new Map<string, UserRecord | null>();
    let dataWrites = new Map<string, { value: string; ttl: number }>();
    let queueWrite: string[] | undefined;
    const tx: Transaction = {
      get: async (key) => (writes.has(key) ? (writes.get(key) ?? undefined) : parseRecord(await read(keys.user(key)))),
      set: (key, record) => void writes.set(key, record),
      delete: (key) => void writes.set(key, null),
      queue: async () => queueWrite ?? parseQueue(await read(keys.queue)),
      setQueue: (queued) => void (queueWrite = [...queued]),
      getData: async <D>(key: string) => {
        const written = dataWrites.get(key);
        const raw = written ? written.value : await read(keys.data(key));
        return raw === '' ? undefined : (JSON.parse(raw) as D);
      },
      setData: (key, value, ttlMs) => void dataWrites.set(key, { value: JSON.stringify(value), ttl: Math.max(1, Math.ceil(ttlMs)) }),
      deleteData: (key) => void dataWrites.set(key, { value: '', ttl: 0 }),
    };

    let value: T | undefined;
    let refusal: SignalingError | undefined;
    try {
      value = await operation(tx);
    } catch (error) {
      if (!(error instanceof SignalingError) || error instanceof StoreUnavailableError) throw error;
      refusal = error;
      writes = new Map();
      dataWrites = new Map();
      queueWrite = undefined;
    }

    // One key read and nothing written: that read was atomic by itself.
    if (writes.size === 0 && dataWrites.size === 0 && queueWrite === undefined && seen.size <= 1) {
      return { value: value as T, refusal };
    }

    // Ownership, counters and ring deadlines follow from each written
    // record's previous value: read it if the operation did not.
    const plan: CommitPlan = {
      prefix: this.prefix,
      node: this.node,
      expected: [],
      writes: [],
      counts: { users: 0, pending: 0, calls: 0 },
      ringsAdded: [],
      ringsRemoved: [],
      ringTimeoutMs: this.ringTimeoutMs,
    };
    const writeKeys: string[] = [];
    for (const [key, record] of writes) {
      const before = parseRecord(await read(keys.user(key)));
      writeKeys.push(keys.user(key));
      plan.writes.push({ value: record ? JSON.stringify(record) : '', user: key, ownership: ownershipChange(before, record), ttl: 0 });
      const was = tally(before);
      const is = tally(record);
      plan.counts.users += is.users - was.users;
      plan.counts.pending += is.pending - was.pending;
      plan.counts.calls += is.calls - was.calls;
      const oldRing = pendingRing(key, before);
      const newRing = pendingRing(key, record);
      if (oldRing !== newRing) {
        if (oldRing) plan.ringsRemoved.push(oldRing);
        if (newRing) plan.ringsAdded.push(newRing);
      }
    }
    if (queueWrite) {
      writeKeys.push(keys.queue);
      // An empty queue is no key at all (read back as '', i.e. []).
      const value = queueWrite.length > 0 ? JSON.stringify(queueWrite) : '';
      plan.writes.push({ value, user: '', ownership: 'none', ttl: 0 });
    }
    for (const [key, write] of dataWrites) {
      writeKeys.push(keys.data(key));
      plan.writes.push({ value: write.value, user: '', ownership: 'none', ttl: write.ttl });
    }
    const readKeys = [...seen.keys()];
    plan.expected = await Promise.all(seen.values());
    if (!live()) throw new StoreUnavailableError();
    const applied = await redis.call(redis.eval(COMMIT, [...readKeys, ...writeKeys], [JSON.stringify(plan)]));
    return applied === 1 ? { value: value as T, refusal } : null;
  }

  async counts(): Promise<StoreCounts> {
    const { redis, keys } = this;
    return redis.bounded(async () => {
      const [counts, queue] = await Promise.all([
        redis.call(redis.client.hmGet(keys.counts, ['users', 'pending', 'calls'])),
        redis.call(redis.client.get(keys.queue)),
      ]);
      const [users, pending, calls] = counts.map((n) => Number(n ?? 0));
      return { users, pending, calls, queued: parseQueue(queue ?? '').length };
    });
  }

  /** Closes the connection; the shared data stays for the other processes. */
  close(): Promise<void> {
    return this.redis.close();
  }
}

function settle<T>(attempt: NonNullable<Attempt<T>>): T {
  if (attempt.refusal) throw attempt.refusal;
  return attempt.value;
}
