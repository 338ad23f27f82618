// Several processes, one service (REDIS_URL): they share a RedisStore, relay
// socket.io packets through Redis, and clean up after each other (the
// heartbeat and adoption records are membership.ts's).
//
// Adapter: `@socket.io/redis-adapter` (Redis pub/sub) rather than
// `@socket.io/redis-streams-adapter`. What goes through the adapter is
// signaling: every relayed offer, answer and candidate, SDPs up to 64 KiB.
// The streams adapter keeps each of them in a Redis stream (10,000 entries by
// default) so it can replay packets after a Redis hiccup; pub/sub stores
// nothing. That replay buys us nothing: while Redis is away the store is
// away too, so no relay gets as far as being sent, and the protocol already
// says messages to someone away may be lost and clients recover (resume,
// ICE restart). Pub/sub is also the adapter with the longest record.
//
// Mode: sharded (`createShardedAdapter`, Redis >= 7's SPUBLISH/SSUBSCRIBE)
// with `subscriptionMode: "dynamic-private"`. Every relay goes to one user's
// room (`u:<key>`, messaging.ts); in that mode each room has a channel of
// its own that only the process holding a member subscribes to, so a relay
// is published once and received by the one process that delivers it. The
// classic adapter publishes every room broadcast on one channel that every
// process subscribes to: every process receives and decodes every relay of
// the service, so each process added adds work to all the others. The price
// of the sharded mode is two SSUBSCRIBEs per connection (its own id's room,
// which this mode also gives a channel, and its user room) and two
// SUNSUBSCRIBEs when it goes, a fixed cost per connection rather than one
// that grows with the cluster. ("dynamic" would skip the id rooms but
// treats any 20-character room name as a socket id and sends it to every
// process, and some `u:<key>` names are 20 characters long.) Everything
// else (disconnectSockets for a takeover) goes on the namespace channel,
// received by all, as before. `adapter: "classic"` keeps the old mode, for
// the benchmark that compares them.
//
// Every process beats a heartbeat key (TTL `deadAfterMs`) each
// `heartbeatMs`, and on each beat:
//   - adopts the users of processes whose heartbeat expired (each user goes
//     to exactly one survivor) and treats their connections as dropped: they
//     are held for min(RESUME_GRACE_MS, `orphanGraceMs`) so a client that
//     reconnects elsewhere resumes its call, then released (name freed, peer
//     told CALL_ENDED / CALL_CANCELED / CALL_REJECTED). Bound, from the kill
//     to the peer hearing of it: deadAfterMs + heartbeatMs + orphanGraceMs
//     (4 + 1 + 3 = 8 s by default, stated as 10 s);
//   - withdraws pending requests overdue by more than 2 s (their ring timer
//     died with a process);
//   - every 10th beat, audits its own users: one whose connection is not
//     here any more and who is not held for a resume (say a disconnect that
//     happened while Redis was away) is, if still so at the next audit,
//     treated as dropped the same way.
// A process that stops (SIGTERM: signaling.ts close) hands its sessions
// over: each is marked away (its client is told SERVER_CLOSING and
// reconnects through the load balancer to another process, where it
// resumes), and its heartbeat is replaced by a "handed-over" mark, so the
// others adopt at their next beat whoever has not resumed yet and hold them
// for the whole RESUME_GRACE_MS (not the short grace of a process that
// died, whose clients have already been away for deadAfterMs).
// A process that finds its own heartbeat gone was taken for dead (or Redis
// lost its data): its sessions may be adopted or gone, so it closes every
// connection and lets the clients reconnect and resume.
import { randomBytes } from 'node:crypto';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import * as calls from '../rules/calls.js';
import { silentLogger, type Logger } from '../log.js';
import { StoreUnavailableError, closeClient, reconnectDelay } from '../store/redis-connection.js';
import { RedisStore } from '../store/redis-store.js';
import { Membership } from './membership.js';

export interface ClusterOptions {
  /** Prefix of every Redis key and channel; default `roulette:`. */
  prefix?: string;
  heartbeatMs?: number;
  deadAfterMs?: number;
  /** Longest resume grace for the users of a dead process. */
  orphanGraceMs?: number;
  /** Bound on every store call. */
  storeTimeoutMs?: number;
  /**
   * How relays cross processes: `sharded` (default; Redis >= 7) reaches only
   * the process holding the recipient, `classic` reaches every process.
   */
  adapter?: 'sharded' | 'classic';
}

/** What the cluster asks of this process's signaling server. */
export interface LocalSessions {
  /** Whether socket `sid` is connected to this process. */
  connected(sid: string): boolean;
  /** Whether this process holds the user's session for a resume. */
  holding(key: string): boolean;
  /** Holds an away user's session for `graceMs`, then releases it unless resumed. */
  hold(key: string, sid: string, graceMs: number): void;
  /** Releases the session now: name freed, peer told. */
  release(key: string, sid: string, why: string): Promise<void>;
  /** Withdraws request `id` of `callerKey` if still unanswered. */
  expire(callerKey: string, id: string): Promise<void>;
  /** Closes every connection here so that its client reconnects. */
  dropAll(): void;
}

/** Replaces methods of `target` by ones whose rejections are ignored. */
function swallowFailures(target: object, methods: string[]): void {
  for (const name of methods) {
    const method = (target as Record<string, (...args: unknown[]) => Promise<unknown>>)[name].bind(target);
    Object.assign(target, { [name]: (...args: unknown[]) => method(...args).catch(() => undefined) });
  }
}

const AUDIT_EVERY = 10;
/** How long a stopped process's heartbeat says it handed its users over: many beats of the others. */
const HANDED_OVER_MARK_MS = 60_000;
const RING_SLACK_MS = 2000;
const RING_RETRY_MS = 5000;
const BATCH = 100;

export class Cluster {
  readonly node = `${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly store: RedisStore;
  private readonly membership: Membership;
  readonly adapter: ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>;
  /** Resolves once Redis is reachable. */
  readonly ready: Promise<void>;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private readonly graceMs: number;
  private readonly resumeGraceMs: number;
  private readonly log: Logger;
  /** The adapter's two connections. */
  private readonly clients: Parameters<typeof closeClient>[0][];
  private sessions: LocalSessions | null = null;
  private timer: NodeJS.Timeout | undefined;
  private beat: Promise<void> = Promise.resolve();
  private beats = 0;
  private registered = false;
  private stopped = false;
  /** Users that looked lost at the last audit. */
  private suspects = new Set<string>();

  constructor(
    url: string,
    options: ClusterOptions & { ringTimeoutMs: number; resumeGraceMs: number; logger?: Logger },
  ) {
    const prefix = options.prefix ?? 'roulette:';
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.deadAfterMs = options.deadAfterMs ?? 4000;
    this.graceMs = Math.min(options.resumeGraceMs, options.orphanGraceMs ?? 3000);
    this.resumeGraceMs = options.resumeGraceMs;
    this.log = options.logger ?? silentLogger;
    this.store = new RedisStore({
      url,
      node: this.node,
      prefix,
      timeoutMs: options.storeTimeoutMs,
      ringTimeoutMs: options.ringTimeoutMs,
      logger: this.log,
    });
    this.membership = new Membership(this.store.redis, prefix, this.node);
    // The adapter's own connections queue while Redis is away (so its
    // subscriptions come back with it), within a bound; the store reports
    // outages, so their errors are only swallowed here.
    const pub = createClient({
      url,
      commandsQueueMaxLength: 10_000,
      // No per-command timeout (see redis-connection.ts): the adapter never
      // awaits its commands, and the queue bound above caps what waits.
      commandOptions: { timeout: 0 },
      socket: { reconnectStrategy: reconnectDelay },
    });
    const sub = pub.duplicate();
    this.clients = [pub, sub];
    for (const client of [pub, sub]) client.on('error', () => undefined);
    // The adapter never awaits these calls: one failing (Redis away, or the
    // client closed under it) must not become an unhandled rejection that
    // ends the process.
    swallowFailures(pub, ['publish', 'sPublish']);
    swallowFailures(sub, ['subscribe', 'pSubscribe', 'unsubscribe', 'pUnsubscribe', 'sSubscribe', 'sUnsubscribe']);
    this.adapter =
      options.adapter === 'classic'
        ? createAdapter(pub, sub, { key: `${prefix}socket.io` })
        : createShardedAdapter(pub, sub, { channelPrefix: `${prefix}socket.io`, subscriptionMode: 'dynamic-private' });
    const connected = [pub, sub].map((client) => client.connect().then(() => undefined));
    this.ready = Promise.all([this.store.ready, ...connected]).then(() => undefined);
    this.ready.catch(() => undefined);
  }

  /** Starts beating once Redis is reachable. */
  start(sessions: LocalSessions): void {
    this.sessions = sessions;
    this.ready.then(
      () => {
        if (this.stopped) return;
        this.log.info('cluster.joined', { node: this.node });
        this.tick();
        this.timer = setInterval(() => this.tick(), this.heartbeatMs);
      },
      () => undefined,
    );
  }

  private tick(): void {
    // One beat at a time: a slow one is not stacked upon.
    this.beat = this.beat.then(async () => {
      if (this.stopped || !this.sessions) return;
      try {
        await this.beatOnce(this.sessions);
      } catch (error) {
        // Redis away: the store has said so; try again at the next beat.
        if (!(error instanceof StoreUnavailableError)) this.log.error('internal', { where: 'cluster', error: String(error) });
      }
    });
  }

  private async beatOnce(sessions: LocalSessions): Promise<void> {
    const { membership } = this;
    const alive = await membership.heartbeat(this.deadAfterMs);
    if (!alive && this.registered) {
      this.log.error('cluster.lost', { node: this.node, why: 'heartbeat expired or Redis lost its data' });
      sessions.dropAll();
    }
    this.registered = true;
    for (const { node: dead, handedOver } of await membership.deadNodes()) {
      // Handed over by a shutdown, a session gets the whole resume grace;
      // one whose process died has already waited deadAfterMs for it.
      const graceMs = handedOver ? this.resumeGraceMs : this.graceMs;
      const why = handedOver ? 'process stopped' : 'process died';
      for (;;) {
        const { popped, adopted } = await membership.adopt(dead, BATCH);
        if (adopted.length > 0) this.log.info('cluster.adopted', { dead, users: adopted.length, handedOver });
        await Promise.all(adopted.map((key) => this.orphan(sessions, key, why, graceMs)));
        if (popped < BATCH) break;
      }
    }
    for (const ring of await membership.overdueRings(RING_SLACK_MS, RING_RETRY_MS, BATCH)) {
      await sessions.expire(ring.callerKey, ring.id);
      await membership.dropRing(ring);
    }
    if (++this.beats % AUDIT_EVERY === 0) await this.audit(sessions);
  }

  /** A user whose connection is gone with nobody holding the session: hold it here. */
  private async orphan(sessions: LocalSessions, key: string, why: string, graceMs = this.graceMs): Promise<void> {
    const user = await this.store.get(key);
    if (!user) return;
    const sid = user.sid !== '' ? user.sid : user.dropped;
    if (user.sid !== '') {
      const outcome = await this.store.transact((tx) => calls.markAway(tx, key, sid));
      if (!outcome.value) return; // resumed elsewhere meanwhile
    }
    if (graceMs === 0) await sessions.release(key, sid, why);
    else sessions.hold(key, sid, graceMs);
  }

  private async audit(sessions: LocalSessions): Promise<void> {
    const suspects = new Set<string>();
    for (const { key, record: user } of await this.membership.owned()) {
      if (!user) continue;
      const away = user.sid === '';
      if (away ? sessions.holding(key) : sessions.connected(user.sid)) continue;
      const mark = `${key} ${away ? user.dropped : user.sid}`;
      if (this.suspects.has(mark)) await this.orphan(sessions, key, 'session lost');
      else suspects.add(mark);
    }
    this.suspects = suspects;
  }

  /** Stops beating, hands what is left to the others, closes the adapter's connections. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.beat;
    await this.membership.deregister(HANDED_OVER_MARK_MS).catch(() => undefined);
    await Promise.all(this.clients.map(closeClient));
  }
}
