// The shared store of a cluster (REDIS_URL): the records of MemoryStore kept
// in one Redis, so every process sees every user and each rule of calls.ts
// stays atomic across processes.
//
// Client: `redis` (node-redis), the client Redis maintains as its reference
// for Node. It ships its own types, reconnects by itself, and with
// `disableOfflineQueue` a command fails at once while Redis is away instead
// of queueing without bound — what "a clear error, not a hang" needs.
// (ioredis would do too; node-redis is also the client the socket.io
// adapters document first.)
//
// Transactions are optimistic and need no connection of their own. A
// transaction reads with plain GETs on the shared connection and remembers
// what each key held; its writes are applied by one Lua script that first
// checks that every key read still holds exactly that, and otherwise writes
// nothing so the transaction runs again. WATCH/MULTI/EXEC would do the same
// but WATCH belongs to a connection, so every concurrent transaction would
// need its own. A transaction that refuses (a SignalingError) is checked the
// same way, so a refusal is never based on a half-updated view.
//
// Key layout, under a prefix (default `roulette:`):
//   user:<key>         JSON UserRecord (the key is the NFKC + lower-case name)
//   queue              JSON array of user keys, oldest first
//   counts             hash: users, pending, calls (kept by the commit script)
//   rings              sorted set of pending requests, "<caller key> <link id>"
//                      scored by their ring deadline (Redis clock, ms)
//   owner              hash: user key -> id of the process that owns it
//   node:<id>          heartbeat of a process, expires unless renewed
//   node:<id>:users    set of the user keys that process owns
//   nodes              set of the process ids that ever beat
// A process owns a user while the user's connection (or, once dropped, the
// grace timer) lives there: a write that changes `sid` or `dropped` moves
// ownership to the writing process, so when a process dies the others know
// exactly whose sessions died with it (server/cluster.ts sweeps them). The
// ring index lets any process withdraw a request whose ring timer died.
//
// This is for a single Redis (or a primary behind Sentinel): the scripts
// touch keys they compute, which Redis Cluster would not allow.
import { createHash } from 'node:crypto';
import { ErrorReply, createClient } from 'redis';
import { SignalingError } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import type { Store, StoreCounts, Transaction, UserRecord } from './store.js';

/** A store call that could not reach Redis (or took too long): INTERNAL with a sentence for people. */
export class StoreUnavailableError extends SignalingError {
  constructor() {
    super('INTERNAL', 'The server cannot reach its session store right now; please try again in a moment.');
  }
}

export interface RedisStoreOptions {
  url: string;
  /** Id of this process, for ownership (server/cluster.ts). */
  node: string;
  /** Prefix of every key; processes of one cluster share it. */
  prefix?: string;
  /** Bound on every store call, Redis away or not. */
  timeoutMs?: number;
  /** Ring timeout, for the deadline index of pending requests. */
  ringTimeoutMs: number;
  logger?: Logger;
}

type RedisClient = ReturnType<typeof createClient>;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Lua's GET gives false for a missing key; '' stands for it on both sides
// (a record or queue is never an empty string).
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: the keys the transaction read, then the keys it writes.
 * ARGV[1]: the plan, JSON (see Plan).
 * Returns 1 when applied, 0 when a key read has changed since.
 */
const COMMIT = script(`
local plan = cjson.decode(ARGV[1])
local nread = #plan.r
for i = 1, nread do
  if (redis.call('GET', KEYS[i]) or '') ~= plan.r[i] then return 0 end
end
local p = plan.p
for j, w in ipairs(plan.w) do
  local key = KEYS[nread + j]
  if w[1] == '' then redis.call('DEL', key) else redis.call('SET', key, w[1]) end
  if w[3] ~= '' then
    local prev = redis.call('HGET', p .. 'owner', w[2])
    if prev then redis.call('SREM', p .. 'node:' .. prev .. ':users', w[2]) end
    if w[3] == 'claim' then
      redis.call('HSET', p .. 'owner', w[2], plan.n)
      redis.call('SADD', p .. 'node:' .. plan.n .. ':users', w[2])
    else
      redis.call('HDEL', p .. 'owner', w[2])
    end
  end
end
for field, delta in pairs(plan.c) do
  if delta ~= 0 then redis.call('HINCRBY', p .. 'counts', field, delta) end
end
for _, member in ipairs(plan.rd) do redis.call('ZREM', p .. 'rings', member) end
if #plan.ra > 0 then
  ${NOW_MS}
  for _, member in ipairs(plan.ra) do redis.call('ZADD', p .. 'rings', now + plan.rt, member) end
end
return 1
`);

/** ARGV: prefix, node, ttl ms. 1 = the heartbeat was alive; 0 = (re)registered. */
const HEARTBEAT = script(`
local beat = ARGV[1] .. 'node:' .. ARGV[2]
if redis.call('SET', beat, '1', 'PX', ARGV[3], 'XX') then return 1 end
redis.call('SET', beat, '1', 'PX', ARGV[3])
redis.call('SADD', ARGV[1] .. 'nodes', ARGV[2])
return 0
`);

/**
 * ARGV: prefix, dead node, this node, how many. Moves up to that many users
 * of a dead process to this one; each is taken by exactly one survivor.
 * Forgets the dead process once it owns nobody. Returns { taken from its
 * set, adopted keys } (a key may have changed owner since it was added).
 */
const ADOPT = script(`
local p, dead, me = ARGV[1], ARGV[2], ARGV[3]
local users = redis.call('SPOP', p .. 'node:' .. dead .. ':users', tonumber(ARGV[4]))
local adopted = {}
for _, key in ipairs(users) do
  if redis.call('HGET', p .. 'owner', key) == dead then
    redis.call('HSET', p .. 'owner', key, me)
    redis.call('SADD', p .. 'node:' .. me .. ':users', key)
    adopted[#adopted + 1] = key
  end
end
if redis.call('SCARD', p .. 'node:' .. dead .. ':users') == 0 and redis.call('EXISTS', p .. 'node:' .. dead) == 0 then
  redis.call('SREM', p .. 'nodes', dead)
end
return { #users, adopted }
`);

/**
 * ARGV: prefix, slack ms, retry ms, how many. Pending requests whose ring
 * deadline passed more than `slack` ago (their timer died with a process);
 * each is pushed back by `retry` so only one process takes it at a time.
 */
const DUE_RINGS = script(`
${NOW_MS}
local key = ARGV[1] .. 'rings'
local due = redis.call('ZRANGEBYSCORE', key, '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, tonumber(ARGV[4]))
for _, member in ipairs(due) do redis.call('ZADD', key, now - tonumber(ARGV[2]) + tonumber(ARGV[3]), member) end
return due
`);

/** What the commit script applies; short field names keep it small. */
interface Plan {
  /** Prefix. */
  p: string;
  /** This node. */
  n: string;
  /** Expected raw value of each key read. */
  r: string[];
  /** Per key written: raw value ('' = delete), user key ('' = not a user), ownership change. */
  w: [string, string, '' | 'claim' | 'drop'][];
  /** Counter deltas. */
  c: { users: number; pending: number; calls: number };
  /** Ring members to add (deadline = now + rt) and to remove. */
  ra: string[];
  rd: string[];
  rt: number;
}

/** A committed attempt: its value, or the refusal it threw. `null` = conflict, run again. */
type Attempt<T> = { value: T; refusal?: SignalingError } | null;

function parseRecord(raw: string): UserRecord | undefined {
  return raw === '' ? undefined : (JSON.parse(raw) as UserRecord);
}

function parseQueue(raw: string): string[] {
  return raw === '' ? [] : (JSON.parse(raw) as string[]);
}

function ringMember(key: string, record: UserRecord | undefined | null): string | null {
  const link = record?.link;
  return link && link.role === 'caller' && link.state === 'pending' ? `${key} ${link.id}` : null;
}

function tally(record: UserRecord | undefined | null) {
  const link = record?.link;
  const caller = link?.role === 'caller';
  return {
    users: record ? 1 : 0,
    pending: caller && link!.state === 'pending' ? 1 : 0,
    calls: caller && link!.state === 'active' ? 1 : 0,
  };
}

/** Where a Redis URL points, without credentials, for logs. */
export function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'redis';
  }
}

export class RedisStore implements Store {
  readonly node: string;
  readonly prefix: string;
  /** Resolves once the first connection is up. */
  readonly ready: Promise<void>;
  private readonly client: RedisClient;
  private readonly timeoutMs: number;
  private readonly ringTimeoutMs: number;
  private readonly log: Logger;
  private readonly target: string;
  /** Transactions that conflicted run their retries one at a time per process. */
  private lane: Promise<unknown> = Promise.resolve();
  private down = false;
  /** A call timed out; calls fail at once until Redis answers (see bounded). */
  private stalled = false;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    this.node = options.node;
    this.prefix = options.prefix ?? 'roulette:';
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.ringTimeoutMs = options.ringTimeoutMs;
    this.log = options.logger ?? silentLogger;
    this.target = redisTarget(options.url);
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: this.timeoutMs, reconnectStrategy: reconnectDelay },
    });
    this.client.on('error', (error: unknown) => this.wentDown(error));
    this.client.on('ready', () => {
      if (this.down) this.log.info('store.recovered', { redis: this.target });
      this.down = false;
    });
    this.ready = this.client.connect().then(
      () => undefined,
      (error) => {
        if (!this.closed) throw error;
      },
    );
    this.ready.catch(() => undefined);
  }

  private wentDown(error: unknown): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.log.error('store.unavailable', { redis: this.target, error: String(error) });
  }

  private key(user: string): string {
    return `${this.prefix}user:${user}`;
  }

  /** A Redis call whose failure becomes StoreUnavailableError. */
  private call<T>(promise: Promise<T>): Promise<T> {
    return promise.catch((error: unknown) => {
      // Redis answered with an error (out of memory, still loading, a bug in
      // a script): it is there, just refusing.
      if (error instanceof ErrorReply) this.log.error('store.refused', { redis: this.target, error: error.message });
      else this.wentDown(error);
      throw new StoreUnavailableError();
    });
  }

  private async eval(s: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.client.evalSha(s.sha, { keys, arguments: args });
    } catch (error) {
      // Scripts are cached per Redis run: load it again after a restart.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(s.source, { keys, arguments: args });
    }
  }

  /**
   * Runs `work` with a deadline: past it the caller gets StoreUnavailableError
   * and `live()` turns false, so a transaction still running never commits.
   * After a deadline passes, calls fail at once until Redis answers again: a
   * frozen Redis costs each connection one timeout, not one per event.
   */
  private bounded<T>(work: (live: () => boolean) => Promise<T>): Promise<T> {
    if (this.stalled) return Promise.reject(new StoreUnavailableError());
    let alive = true;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        alive = false;
        this.stall();
        reject(new StoreUnavailableError());
      }, this.timeoutMs);
      const started = this.ready.then(() => work(() => alive));
      started.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error) => (clearTimeout(timer), reject(error)),
      );
    });
  }

  /** Redis did not answer in time: refuse calls until a PING comes back. */
  private stall(): void {
    if (this.stalled || this.closed) return;
    this.stalled = true;
    this.log.error('store.unavailable', { redis: this.target, error: `no answer within ${this.timeoutMs} ms` });
    const ping = () => this.client.ping().then(() => 'up' as const, () => 'failed' as const);
    void (async () => {
      let answer = ping();
      while (!this.closed) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.timeoutMs)));
        const result = await Promise.race([answer, late]);
        clearTimeout(timer);
        if (result === 'up') break;
        // Keep one PING outstanding; send another only once it failed.
        if (result === 'failed') answer = new Promise((resolve) => setTimeout(resolve, 200)).then(ping);
      }
      this.stalled = false;
      if (!this.closed) this.log.info('store.recovered', { redis: this.target });
    })();
  }

  async get(key: string): Promise<UserRecord | undefined> {
    return this.bounded(async () => parseRecord((await this.call(this.client.get(this.key(key)))) ?? ''));
  }

  transact<T>(operation: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.bounded(async (live) => {
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
    const seen = new Map<string, Promise<string>>();
    const read = (redisKey: string): Promise<string> => {
      let raw = seen.get(redisKey);
      if (!raw) {
        raw = this.call(this.client.get(redisKey)).then((value) => value ?? '');
        raw.catch(() => undefined);
        seen.set(redisKey, raw);
      }
      return raw;
    };
    const queueKey = `${this.prefix}queue`;
    let writes = new Map<string, UserRecord | null>();
    let queueWrite: string[] | undefined;
    const tx: Transaction = {
      get: async (key) => (writes.has(key) ? (writes.get(key) ?? undefined) : parseRecord(await read(this.key(key)))),
      set: (key, record) => void writes.set(key, record),
      delete: (key) => void writes.set(key, null),
      queue: async () => queueWrite ?? parseQueue(await read(queueKey)),
      setQueue: (keys) => void (queueWrite = [...keys]),
    };

    let value: T | undefined;
    let refusal: SignalingError | undefined;
    try {
      value = await operation(tx);
    } catch (error) {
      if (!(error instanceof SignalingError) || error instanceof StoreUnavailableError) throw error;
      refusal = error;
      writes = new Map();
      queueWrite = undefined;
    }

    // One key read and nothing written: that read was atomic by itself.
    if (writes.size === 0 && queueWrite === undefined && seen.size <= 1) {
      return { value: value as T, refusal };
    }

    // Ownership, counters and ring deadlines follow from each written
    // record's previous value: read it if the operation did not.
    const plan: Plan = {
      p: this.prefix,
      n: this.node,
      r: [],
      w: [],
      c: { users: 0, pending: 0, calls: 0 },
      ra: [],
      rd: [],
      rt: this.ringTimeoutMs,
    };
    const writeKeys: string[] = [];
    for (const [key, record] of writes) {
      const before = parseRecord(await read(this.key(key)));
      let owner: '' | 'claim' | 'drop' = '';
      if (!record) owner = before ? 'drop' : '';
      else if (!before || before.sid !== record.sid || before.dropped !== record.dropped) owner = 'claim';
      writeKeys.push(this.key(key));
      plan.w.push([record ? JSON.stringify(record) : '', key, owner]);
      const [was, is] = [tally(before), tally(record)];
      plan.c.users += is.users - was.users;
      plan.c.pending += is.pending - was.pending;
      plan.c.calls += is.calls - was.calls;
      const [oldRing, newRing] = [ringMember(key, before), ringMember(key, record)];
      if (oldRing !== newRing) {
        if (oldRing) plan.rd.push(oldRing);
        if (newRing) plan.ra.push(newRing);
      }
    }
    if (queueWrite) {
      writeKeys.push(queueKey);
      plan.w.push([JSON.stringify(queueWrite), '', '']);
    }
    const readKeys = [...seen.keys()];
    plan.r = await Promise.all(seen.values());
    if (!live()) throw new StoreUnavailableError();
    const applied = await this.call(this.eval(COMMIT, [...readKeys, ...writeKeys], [JSON.stringify(plan)]));
    return applied === 1 ? { value: value as T, refusal } : null;
  }

  async counts(): Promise<StoreCounts> {
    return this.bounded(async () => {
      const [counts, queue] = await Promise.all([
        this.call(this.client.hmGet(`${this.prefix}counts`, ['users', 'pending', 'calls'])),
        this.call(this.client.get(`${this.prefix}queue`)),
      ]);
      const [users, pending, calls] = counts.map((n) => Number(n ?? 0));
      return { users, pending, calls, queued: parseQueue(queue ?? '').length };
    });
  }

  // ---- for server/cluster.ts ----

  /** Renews this process's heartbeat; false when it had expired (or Redis lost it). */
  heartbeat(ttlMs: number): Promise<boolean> {
    return this.bounded(async () => (await this.call(this.eval(HEARTBEAT, [], [this.prefix, this.node, String(ttlMs)]))) === 1);
  }

  /** Processes that registered and whose heartbeat has expired. */
  deadNodes(): Promise<string[]> {
    return this.bounded(async () => {
      const nodes = (await this.call(this.client.sMembers(`${this.prefix}nodes`))).filter((n) => n !== this.node);
      const alive = await Promise.all(nodes.map((n) => this.call(this.client.exists(`${this.prefix}node:${n}`))));
      return nodes.filter((_, i) => alive[i] === 0);
    });
  }

  /** Takes over up to `max` users of a dead process. */
  adopt(dead: string, max: number): Promise<{ popped: number; adopted: string[] }> {
    return this.bounded(async () => {
      const [popped, adopted] = (await this.call(this.eval(ADOPT, [], [this.prefix, dead, this.node, String(max)]))) as [number, string[]];
      return { popped, adopted };
    });
  }

  /** Pending requests overdue by more than `slackMs`, as [caller key, link id]. */
  overdueRings(slackMs: number, retryMs: number, max: number): Promise<[string, string][]> {
    return this.bounded(async () => {
      const due = (await this.call(this.eval(DUE_RINGS, [], [this.prefix, String(slackMs), String(retryMs), String(max)]))) as string[];
      return due.map((member) => member.split(' ') as [string, string]);
    });
  }

  /** Forgets an overdue request once it has been dealt with. */
  dropRing(callerKey: string, id: string): Promise<void> {
    return this.bounded(async () => void (await this.call(this.client.zRem(`${this.prefix}rings`, `${callerKey} ${id}`))));
  }

  /** The users this process owns, with their records. */
  owned(): Promise<[string, UserRecord | undefined][]> {
    return this.bounded(async () => {
      const keys = await this.call(this.client.sMembers(`${this.prefix}node:${this.node}:users`));
      if (keys.length === 0) return [];
      const raw = await this.call(this.client.mGet(keys.map((k) => this.key(k))));
      return keys.map((k, i) => [k, parseRecord(raw[i] ?? '')] as [string, UserRecord | undefined]);
    });
  }

  /** Stops the heartbeat at once so the others adopt whatever is left. */
  deregister(): Promise<void> {
    return this.bounded(async () => {
      await this.call(this.client.del(`${this.prefix}node:${this.node}`));
      const left = await this.call(this.client.sCard(`${this.prefix}node:${this.node}:users`));
      if (left === 0) await this.call(this.client.sRem(`${this.prefix}nodes`, this.node));
    });
  }

  /** Closes the connection; the shared data stays for the other processes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeClient(this.client);
  }
}

function settle<T>(attempt: NonNullable<Attempt<T>>): T {
  if (attempt.refusal) throw attempt.refusal;
  return attempt.value;
}

/** Closes a client, waiting at most a second for replies still due; never hangs on a Redis that is away. */
export async function closeClient(client: { isOpen: boolean; isReady: boolean; close(): Promise<unknown>; destroy(): void }): Promise<void> {
  if (!client.isOpen) return;
  if (client.isReady) {
    const closed = client.close().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
    const done = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (done) return;
  }
  if (client.isOpen) client.destroy();
}

/** Reconnect soon, then at most every 2 s, with jitter so processes do not stampede. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}
