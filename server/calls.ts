// The call-state rules of docs/protocol.md as store transactions. Each
// operation reads what it needs, checks the rules, writes, and returns the
// messages to deliver once the change is committed — so the other party
// only ever hears of a change that really happened. The relay rule, which
// needs no transaction, is beside these in relay.ts.
import { randomBytes } from 'node:crypto';
import { fail } from './errors.js';
import type { Name, ServerToClientEvents } from '../protocol/index.js';
import type { Link, Transaction, UserRecord } from './store/store.js';

type Events = ServerToClientEvents;

/** A message for one user (by key), sent after the transaction commits. */
export type Delivery = {
  [E in keyof Events]: { to: string; event: E; payload: Parameters<Events[E]>[0] };
}[keyof Events];

export interface Outcome<T = undefined> {
  value: T;
  deliver: Delivery[];
}

function newUser(name: string, sid: string, resume: string): UserRecord {
  return { name, sid, dropped: '', resume, link: null, queued: false, lastMatch: null };
}

function linkId(): string {
  return randomBytes(9).toString('base64url');
}

/** In a call, in a request, or waiting in the queue: not free for another. */
function linkedOrQueued(user: UserRecord): boolean {
  return user.link !== null || user.queued;
}

/** Claims a name, or takes over a held session when the resume secret matches. */
export async function register(
  tx: Transaction,
  name: Name,
  sid: string,
  resumeHash: string,
  presentedHash: string | null,
): Promise<Outcome<{ resumed: UserRecord | null }>> {
  const held = await tx.get(name.key);
  if (held && presentedHash !== null && held.resume === presentedHash) {
    tx.set(name.key, { ...held, sid, dropped: '', resume: resumeHash });
    return { value: { resumed: held }, deliver: [] };
  }
  if (held) throw fail('USERNAME_TAKEN', `The name "${name.display}" is taken. Pick another.`);
  tx.set(name.key, newUser(name.display, sid, resumeHash));
  return { value: { resumed: null }, deliver: [] };
}

/** Looks up the other party of a request/call; a user away counts as gone. */
async function online(tx: Transaction, key: string | null): Promise<UserRecord | undefined> {
  if (key === null) return undefined;
  const user = await tx.get(key);
  return user && user.sid !== '' ? user : undefined;
}

/** The acting user's record; gone means the session ended. */
async function sessionOf(tx: Transaction, key: string): Promise<UserRecord> {
  const user = await tx.get(key);
  if (!user) throw fail('NOT_CONNECTED', 'Your session has ended; connect again.');
  return user;
}

export async function requestCall(
  tx: Transaction,
  callerKey: string,
  toKey: string | null,
  toInput: string,
): Promise<Outcome<Link>> {
  const caller = await sessionOf(tx, callerKey);
  if (toKey === callerKey) throw fail('SELF_CALL', 'You cannot call yourself.');
  const callee = await online(tx, toKey);
  if (!callee || toKey === null) throw fail('USER_NOT_FOUND', `Nobody called "${toInput}" is online.`);
  if (linkedOrQueued(caller)) throw fail('ALREADY_IN_CALL', 'You are already in a call or a pending request.');
  if (linkedOrQueued(callee)) throw fail('USER_BUSY', `${callee.name} is busy right now.`);
  const id = linkId();
  const link: Link = { peer: toKey, role: 'caller', state: 'pending', id };
  tx.set(callerKey, { ...caller, link });
  tx.set(toKey, { ...callee, link: { peer: callerKey, role: 'recipient', state: 'pending', id } });
  return { value: link, deliver: [{ to: toKey, event: 'CALL_REQUESTED', payload: { from: caller.name } }] };
}

/** ACCEPT_CALL / REJECT_CALL: the recipient answers the request pending from `fromKey`. */
export async function answerCall(
  tx: Transaction,
  recipientKey: string,
  fromKey: string | null,
  accept: boolean,
): Promise<Outcome<Link>> {
  const recipient = await sessionOf(tx, recipientKey);
  const link = recipient.link;
  if (!link || fromKey === null || link.peer !== fromKey || link.role !== 'recipient' || link.state !== 'pending') {
    throw fail('NO_SUCH_REQUEST', 'That call request is no longer pending.');
  }
  const caller = await tx.get(fromKey);
  if (!caller) throw fail('NO_SUCH_REQUEST', 'That call request is no longer pending.');
  if (accept) {
    tx.set(recipientKey, { ...recipient, link: { ...link, state: 'active' } });
    tx.set(fromKey, { ...caller, link: { ...caller.link!, state: 'active' } });
    return { value: link, deliver: [{ to: fromKey, event: 'CALL_ACCEPTED', payload: { by: recipient.name } }] };
  }
  tx.set(recipientKey, { ...recipient, link: null });
  tx.set(fromKey, { ...caller, link: null });
  return {
    value: link,
    deliver: [{ to: fromKey, event: 'CALL_REJECTED', payload: { by: recipient.name, reason: 'rejected' } }],
  };
}

export async function cancelCall(tx: Transaction, callerKey: string, toKey: string | null): Promise<Outcome<Link>> {
  const caller = await sessionOf(tx, callerKey);
  const link = caller.link;
  if (!link || toKey === null || link.peer !== toKey || link.role !== 'caller' || link.state !== 'pending') {
    throw fail('NO_SUCH_REQUEST', 'You have no pending call request to that person.');
  }
  tx.set(callerKey, { ...caller, link: null });
  await clearPeer(tx, callerKey, link);
  return {
    value: link,
    deliver: [{ to: toKey, event: 'CALL_CANCELED', payload: { by: caller.name, reason: 'canceled' } }],
  };
}

export async function hangUp(tx: Transaction, userKey: string, toKey: string | null): Promise<Outcome<Link>> {
  const user = await sessionOf(tx, userKey);
  const link = user.link;
  if (!link || toKey === null || link.peer !== toKey || link.state !== 'active') {
    throw fail('NOT_IN_CALL', 'You are not in a call with that person.');
  }
  tx.set(userKey, { ...user, link: null });
  await clearPeer(tx, userKey, link);
  return { value: link, deliver: [{ to: toKey, event: 'CALL_ENDED', payload: { by: user.name, reason: 'hangup' } }] };
}

/** The ring timeout: withdraws request `id` if nobody answered it. */
export async function expireRequest(tx: Transaction, callerKey: string, id: string): Promise<Outcome> {
  const caller = await tx.get(callerKey);
  const link = caller?.link;
  if (!caller || !link || link.id !== id || link.state !== 'pending') return { value: undefined, deliver: [] };
  tx.set(callerKey, { ...caller, link: null });
  const callee = await clearPeer(tx, callerKey, link);
  const calleeName = callee?.name ?? link.peer;
  return {
    value: undefined,
    deliver: [
      { to: callerKey, event: 'CALL_REJECTED', payload: { by: calleeName, reason: 'timeout' } },
      { to: link.peer, event: 'CALL_CANCELED', payload: { by: caller.name, reason: 'timeout' } },
    ],
  };
}

/** Unlinks the other party of `link` if it still points back at `userKey`. */
async function clearPeer(tx: Transaction, userKey: string, link: Link): Promise<UserRecord | undefined> {
  const peer = await tx.get(link.peer);
  if (peer?.link?.peer === userKey && peer.link.id === link.id) tx.set(link.peer, { ...peer, link: null });
  return peer;
}

/** A connection dropped by accident: hold the session for the resume grace. */
export async function markAway(tx: Transaction, key: string, sid: string): Promise<Outcome<boolean>> {
  const user = await tx.get(key);
  if (!user || user.sid !== sid) return { value: false, deliver: [] };
  tx.set(key, { ...user, sid: '', dropped: sid });
  return { value: true, deliver: [] };
}

/**
 * The user leaves for good: the name is freed and whoever they were linked
 * with is told. `sid` guards against a stale socket ending a resumed session.
 */
export async function leave(tx: Transaction, key: string, sid: string): Promise<Outcome<UserRecord | null>> {
  const user = await tx.get(key);
  if (!user || (user.sid !== sid && !(user.sid === '' && user.dropped === sid))) {
    return { value: null, deliver: [] };
  }
  tx.delete(key);
  if (user.queued) tx.setQueue((await tx.queue()).filter((k) => k !== key));
  const link = user.link;
  if (!link) return { value: user, deliver: [] };
  await clearPeer(tx, key, link);
  const by = user.name;
  const deliver: Delivery[] =
    link.state === 'active'
      ? [{ to: link.peer, event: 'CALL_ENDED', payload: { by, reason: 'disconnected' } }]
      : link.role === 'caller'
        ? [{ to: link.peer, event: 'CALL_CANCELED', payload: { by, reason: 'unavailable' } }]
        : [{ to: link.peer, event: 'CALL_REJECTED', payload: { by, reason: 'unavailable' } }];
  return { value: user, deliver };
}

/** Two queue members may be paired unless they were each other's last match. */
function mayPair(a: string, aUser: UserRecord, b: string, bUser: UserRecord): boolean {
  return a !== b && !(aUser.lastMatch === b && bUser.lastMatch === a);
}

/**
 * Pairs `key` (queued, online) with the longest-waiting queued user it may be
 * paired with, or leaves it waiting. The pair is at once an accepted call.
 */
export async function pairFromQueue(tx: Transaction, key: string): Promise<Outcome<Link | null>> {
  const user = await tx.get(key);
  if (!user || !user.queued || user.sid === '') return { value: null, deliver: [] };
  const queue = await tx.queue();
  for (const other of queue) {
    if (other === key) continue;
    const partner = await tx.get(other);
    if (!partner || !partner.queued || partner.sid === '' || !mayPair(key, user, other, partner)) continue;
    const id = linkId();
    // The one who waited longer calls: their media is most likely ready.
    const link: Link = { peer: other, role: 'recipient', state: 'active', id, matched: true };
    tx.set(key, { ...user, queued: false, lastMatch: other, link });
    tx.set(other, {
      ...partner,
      queued: false,
      lastMatch: key,
      link: { peer: key, role: 'caller', state: 'active', id, matched: true },
    });
    tx.setQueue(queue.filter((k) => k !== key && k !== other));
    return {
      value: link,
      deliver: [
        { to: other, event: 'MATCHED', payload: { peer: user.name, role: 'caller', common: [] } },
        { to: key, event: 'MATCHED', payload: { peer: partner.name, role: 'recipient', common: [] } },
      ],
    };
  }
  return { value: null, deliver: [] };
}

export async function joinQueue(tx: Transaction, key: string): Promise<Outcome<Link | null>> {
  const user = await sessionOf(tx, key);
  if (linkedOrQueued(user)) throw fail('ALREADY_IN_CALL', 'You are already in a call, a request or the queue.');
  tx.set(key, { ...user, queued: true });
  tx.setQueue([...(await tx.queue()), key]);
  return pairFromQueue(tx, key);
}

export async function leaveQueue(tx: Transaction, key: string): Promise<Outcome> {
  const user = await sessionOf(tx, key);
  if (!user.queued) throw fail('NO_SUCH_REQUEST', 'You are not waiting for a stranger.');
  tx.set(key, { ...user, queued: false });
  tx.setQueue((await tx.queue()).filter((k) => k !== key));
  return { value: undefined, deliver: [] };
}
