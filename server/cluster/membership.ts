// Cluster membership in Redis: this process's heartbeat, finding processes
// that died, adopting their users, overdue rings, and the users this process
// owns. Only the cluster (cluster.ts) drives it; it shares the Redis store's
// connection and key layout.
import { RedisKeys, parseRecord, ringMember } from '../store/redis-layout.js';
import type { RedisConnection } from '../store/redis-connection.js';
import type { UserRecord } from '../store/store.js';
import { ADOPT, DUE_RINGS, HEARTBEAT } from './membership-scripts.js';

/** A pending request found overdue in the ring index. */
export interface OverdueRing {
  callerKey: string;
  id: string;
}

/** A process that is gone; `handedOver` when it stopped deliberately rather than died. */
export interface GoneNode {
  node: string;
  handedOver: boolean;
}

/** What a live heartbeat holds (membership-scripts.ts HEARTBEAT writes it). */
const ALIVE = '1';
/** What the heartbeat of a process that stopped and handed its users over holds. */
const HANDED_OVER = 'handed-over';

/** A user this process owns, with the record (gone when undefined). */
export interface OwnedUser {
  key: string;
  record: UserRecord | undefined;
}

export class Membership {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** Id of this process. */
    readonly node: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  /** Renews this process's heartbeat; false when it had expired (or Redis lost it). */
  async heartbeat(ttlMs: number): Promise<boolean> {
    return (await this.redis.run(HEARTBEAT, [], [this.keys.prefix, this.node, String(ttlMs)])) === 1;
  }

  /** Processes that registered and are gone: their heartbeat expired, or they stopped and handed their users over. */
  deadNodes(): Promise<GoneNode[]> {
    const { redis, keys } = this;
    return redis.bounded(async () => {
      const nodes = (await redis.call(redis.client.sMembers(keys.nodes))).filter((n) => n !== this.node);
      const beats = await Promise.all(nodes.map((n) => redis.call(redis.client.get(keys.node(n)))));
      return nodes.flatMap((node, i) => (beats[i] === ALIVE ? [] : [{ node, handedOver: beats[i] === HANDED_OVER }]));
    });
  }

  /** Takes over up to `max` users of a dead process. */
  async adopt(dead: string, max: number): Promise<{ popped: number; adopted: string[] }> {
    const answer = await this.redis.run(ADOPT, [], [this.keys.prefix, dead, this.node, String(max), HANDED_OVER]);
    const [popped, adopted] = answer as [number, string[]];
    return { popped, adopted };
  }

  /** Pending requests overdue by more than `slackMs`. */
  async overdueRings(slackMs: number, retryMs: number, max: number): Promise<OverdueRing[]> {
    const due = (await this.redis.run(DUE_RINGS, [], [this.keys.prefix, String(slackMs), String(retryMs), String(max)])) as string[];
    return due.map((member) => {
      const [callerKey, id] = member.split(' ');
      return { callerKey, id };
    });
  }

  /** Forgets an overdue request once it has been dealt with. */
  dropRing(ring: OverdueRing): Promise<void> {
    const { redis, keys } = this;
    return redis.bounded(async () => void (await redis.call(redis.client.zRem(keys.rings, ringMember(ring.callerKey, ring.id)))));
  }

  /** The users this process owns, with their records. */
  owned(): Promise<OwnedUser[]> {
    const { redis, keys } = this;
    return redis.bounded(async () => {
      const users = await redis.call(redis.client.sMembers(keys.nodeUsers(this.node)));
      if (users.length === 0) return [];
      const raw = await redis.call(redis.client.mGet(users.map((k) => keys.user(k))));
      return users.map((key, i) => ({ key, record: parseRecord(raw[i] ?? '') }));
    });
  }

  /**
   * Stops the heartbeat at once so the others adopt whatever is left. Users
   * still owned here were handed over by a shutdown (their clients are
   * reconnecting): the heartbeat says so for `markMs`, long enough for the
   * others' next beat, so they hold those sessions for a full resume grace.
   */
  deregister(markMs: number): Promise<void> {
    const { redis, keys } = this;
    return redis.bounded(async () => {
      const left = await redis.call(redis.client.sCard(keys.nodeUsers(this.node)));
      if (left > 0) {
        await redis.call(redis.client.set(keys.node(this.node), HANDED_OVER, { PX: markMs }));
        return;
      }
      await redis.call(redis.client.del(keys.node(this.node)));
      await redis.call(redis.client.sRem(keys.nodes, this.node));
    });
  }
}
