// Where the shared data lives in Redis and how it is encoded.
//
// Key layout, under a prefix (default `roulette:`), and how each key goes
// away (server/test/redis-hygiene.test.ts checks it: a cluster nobody uses holds
// only `nodes` and its heartbeats):
//   user:<key>         JSON UserRecord (the key is the NFKC + lower-case name);
//                      deleted when the user leaves for good (by its owner,
//                      or by the process that adopted it from a dead one)
//   queue              JSON array of user keys, oldest first; deleted when empty
//   counts             hash: users, pending, calls (kept by the commit script);
//                      deleted when all three are 0
//   rings              sorted set of pending requests, "<caller key> <link id>"
//                      scored by their ring deadline (Redis clock, ms); a
//                      member goes with its request (answered, withdrawn, or
//                      overdue and withdrawn by any process); Redis drops the
//                      key when it is empty
//   owner              hash: user key -> id of the process that owns it; a
//                      field goes with its user:<key>
//   node:<id>          heartbeat of a process: PX deadAfterMs unless renewed;
//                      when the process stops, deleted, or (users left to
//                      hand over) a "handed-over" mark, PX 60 s, deleted
//                      once the others have adopted them all
//   node:<id>:users    set of the user keys that process owns; members move
//                      or go with ownership, adoption empties a dead one's
//   nodes              set of the processes that beat; a process is removed
//                      once it has stopped or died and owns nobody
//   data:<key>         v2 bookkeeping (request windows, reports, suspensions,
//                      saved blocks): JSON, each with its PEXPIRE
// The adapter's channels (server/cluster/cluster.ts) are not keys.
// A process owns a user while the user's connection (or, once dropped, the
// grace timer) lives there: a write that changes `sid` or `dropped` moves
// ownership to the writing process, so when a process dies the others know
// exactly whose sessions died with it (server/cluster/). The ring index lets
// any process withdraw a request whose ring timer died.
//
// Lua's GET gives false for a missing key; '' stands for it on both sides
// (a record or queue is never an empty string).
import type { UserRecord } from './store.js';

export class RedisKeys {
  constructor(readonly prefix: string) {}

  user(key: string): string {
    return `${this.prefix}user:${key}`;
  }

  get queue(): string {
    return `${this.prefix}queue`;
  }

  get counts(): string {
    return `${this.prefix}counts`;
  }

  get rings(): string {
    return `${this.prefix}rings`;
  }

  /** A process's heartbeat. */
  node(id: string): string {
    return `${this.prefix}node:${id}`;
  }

  /** The users a process owns. */
  nodeUsers(id: string): string {
    return `${this.prefix}node:${id}:users`;
  }

  /** A piece of v2 bookkeeping (Transaction.getData). */
  data(key: string): string {
    return `${this.prefix}data:${key}`;
  }

  get nodes(): string {
    return `${this.prefix}nodes`;
  }
}

export function parseRecord(raw: string): UserRecord | undefined {
  return raw === '' ? undefined : (JSON.parse(raw) as UserRecord);
}

export function parseQueue(raw: string): string[] {
  return raw === '' ? [] : (JSON.parse(raw) as string[]);
}

/** The member of the `rings` index for a pending request: "<caller key> <link id>". */
export function ringMember(callerKey: string, id: string): string {
  return `${callerKey} ${id}`;
}
