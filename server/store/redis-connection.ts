// The connection keeper: one node-redis client that reconnects by itself,
// reports when Redis goes away and comes back, and bounds every call so a
// Redis that is away or frozen gives a clear error, not a hang. The Redis
// store (redis-store.ts) and cluster membership (../cluster/membership.ts)
// share one.
//
// Client: `redis` (node-redis), the client Redis maintains as its reference
// for Node. It ships its own types, reconnects by itself, and with
// `disableOfflineQueue` a command fails at once while Redis is away instead
// of queueing without bound — what "a clear error, not a hang" needs.
// (ioredis would do too; node-redis is also the client the socket.io
// adapters document first.)
import { ErrorReply, createClient } from 'redis';
import { SignalingError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { LuaScript } from './lua.js';

/** A store call that could not reach Redis (or took too long): INTERNAL with a sentence for people. */
export class StoreUnavailableError extends SignalingError {
  constructor() {
    super('INTERNAL', 'The server cannot reach its session store right now; please try again in a moment.');
  }
}

export interface RedisConnectionOptions {
  url: string;
  /** Bound on every call, Redis away or not. */
  timeoutMs?: number;
  logger?: Logger;
}

type RedisClient = ReturnType<typeof createClient>;

/** Where a Redis URL points, without credentials, for logs. */
export function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'redis';
  }
}

export class RedisConnection {
  /** Resolves once the first connection is up. */
  readonly ready: Promise<void>;
  readonly client: RedisClient;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  private readonly target: string;
  private down = false;
  /** A call timed out; calls fail at once until Redis answers (see bounded). */
  private stalled = false;
  private closed = false;

  constructor(options: RedisConnectionOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.log = options.logger ?? silentLogger;
    this.target = redisTarget(options.url);
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      // No per-command timeout of the client's own: `bounded` puts the
      // deadline on each whole store call, and the client's (an
      // AbortSignal.timeout per command, firing 5 s later even after the
      // reply) cost ~10 % of a cluster process's CPU.
      commandOptions: { timeout: 0 },
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

  /** A Redis call whose failure becomes StoreUnavailableError. */
  call<T>(promise: Promise<T>): Promise<T> {
    return promise.catch((error: unknown) => {
      // Redis answered with an error (out of memory, still loading, a bug in
      // a script): it is there, just refusing.
      if (error instanceof ErrorReply) this.log.error('store.refused', { redis: this.target, error: error.message });
      else this.wentDown(error);
      throw new StoreUnavailableError();
    });
  }

  /** Runs a script by its hash, loading it again when Redis has forgotten it. */
  async eval(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.client.evalSha(script.sha, { keys, arguments: args });
    } catch (error) {
      // Scripts are cached per Redis run: load it again after a restart.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(script.source, { keys, arguments: args });
    }
  }

  /** `eval` as a bounded call whose failure becomes StoreUnavailableError. */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.bounded(() => this.call(this.eval(script, keys, args)));
  }

  /**
   * Runs `work` with a deadline: past it the caller gets StoreUnavailableError
   * and `live()` turns false, so a transaction still running never commits.
   * After a deadline passes, calls fail at once until Redis answers again: a
   * frozen Redis costs each connection one timeout, not one per event.
   */
  bounded<T>(work: (live: () => boolean) => Promise<T>): Promise<T> {
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

  /** Closes the connection; the shared data stays for the other processes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeClient(this.client);
  }
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
