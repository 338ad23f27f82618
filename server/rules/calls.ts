// The call-state rules of docs/protocol.md as store transactions. Each
// operation reads what it needs, checks the rules, writes, and returns the
// messages to deliver once the change is committed — so the other party
// only ever hears of a change that really happened. The relay rule, which
// needs no transaction, is beside these in relay.ts.
import { randomBytes } from 'node:crypto';
import { fail } from '../errors.js';
import { interestsAllow, commonInterests } from './interests.js';
import { MAX_BLOCKS, blockedBetween, blocks, saveBlocks, savedBlocks, withBlock, withoutBlock } from './blocks.js';
import { checkNotSuspended, countReport, recordMatch, reportable, type ReportSettings } from './reports.js';
import { subjectNamed, subjectOf } from './subjects.js';
import { exactIdentity } from '../identity/names.js';
import { checkCallerWindow, checkPairWindow, recordUnaccepted, resetPair } from './request-windows.js';
import type { MediaReason, Name, ServerToClientEvents } from '../../protocol/index.js';
import type { Link, Transaction, UserRecord } from '../store/store.js';

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
  return { name, sid, dropped: '', resume, link: null, queued: false, lastMatch: null, since: Date.now() };
}

function linkId(): string {
  return randomBytes(9).toString('base64url');
}

/** In a call, in a request, or waiting in the queue: not free for another. */
function linkedOrQueued(user: UserRecord): boolean {
  return user.link !== null || user.queued;
}

/**
 * Claims a name, or takes over a held session when the resume secret matches.
 * `persistent` (a signed identity) restores the blocks its last session saved.
 */
export async function register(
  tx: Transaction,
  name: Name,
  sid: string,
  resumeHash: string,
  presentedHash: string | null,
  persistent = false,
): Promise<Outcome<{ resumed: UserRecord | null }>> {
  const held = await tx.get(name.key);
  if (held && presentedHash !== null && held.resume === presentedHash) {
    tx.set(name.key, { ...held, sid, dropped: '', resume: resumeHash });
    return { value: { resumed: held }, deliver: [] };
  }
  if (held) throw fail('USERNAME_TAKEN', `The name "${name.display}" is taken. Pick another.`);
  const user = newUser(name.display, sid, resumeHash);
  if (persistent) {
    user.persistent = true;
    const saved = await savedBlocks(tx, subjectOf(name.key, user));
    if (saved.length) user.blocks = saved;
  }
  tx.set(name.key, user);
  return { value: { resumed: null }, deliver: [] };
}

/**
 * A signed identity claims its name (a verified token): takes its own
 * session over if one is held, else registers a persistent one. A session
 * held under the same look-alike key by a different identity (`rnary` for
 * `mary`) is not its own: USERNAME_TAKEN, and nothing changes (v2.1).
 */
export async function claimIdentity(
  tx: Transaction,
  name: Name,
  sid: string,
  resumeHash: string,
): Promise<Outcome<{ resumed: UserRecord | null }>> {
  const held = await tx.get(name.key);
  if (held && exactIdentity(held.name) !== exactIdentity(name.display)) {
    throw fail('USERNAME_TAKEN', `The name "${name.display}" looks too much like "${held.name}", who is online. Pick another.`);
  }
  return register(tx, name, sid, resumeHash, held?.resume ?? null, true);
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
  now = Date.now(),
): Promise<Outcome<Link>> {
  const caller = await sessionOf(tx, callerKey);
  await checkCallerWindow(tx, subjectOf(callerKey, caller), now);
  if (toKey === callerKey) throw fail('SELF_CALL', 'You cannot call yourself.');
  const callee = await online(tx, toKey);
  // Someone who blocked the caller looks offline to them.
  if (!callee || toKey === null || blocks(callee, subjectOf(callerKey, caller))) throw fail('USER_NOT_FOUND', `Nobody called "${toInput}" is online.`);
  await checkPairWindow(tx, subjectOf(callerKey, caller), subjectOf(toKey, callee), callee.name, now);
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
  reason: MediaReason | null = null,
  now = Date.now(),
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
    resetPair(tx, subjectOf(fromKey, caller), subjectOf(recipientKey, recipient));
    return { value: link, deliver: [{ to: fromKey, event: 'CALL_ACCEPTED', payload: { by: recipient.name } }] };
  }
  tx.set(recipientKey, { ...recipient, link: null });
  tx.set(fromKey, { ...caller, link: null });
  await recordUnaccepted(tx, subjectOf(fromKey, caller), subjectOf(recipientKey, recipient), now);
  return {
    value: link,
    deliver: [{ to: fromKey, event: 'CALL_REJECTED', payload: { by: recipient.name, reason: reason ?? 'rejected' } }],
  };
}

export async function cancelCall(
  tx: Transaction,
  callerKey: string,
  toKey: string | null,
  reason: MediaReason | null = null,
  now = Date.now(),
): Promise<Outcome<Link>> {
  const caller = await sessionOf(tx, callerKey);
  const link = caller.link;
  if (!link || toKey === null || link.peer !== toKey || link.role !== 'caller' || link.state !== 'pending') {
    throw fail('NO_SUCH_REQUEST', 'You have no pending call request to that person.');
  }
  tx.set(callerKey, { ...caller, link: null });
  const callee = await clearPeer(tx, callerKey, link);
  await recordUnaccepted(tx, subjectOf(callerKey, caller), subjectOrKey(toKey, callee), now);
  return {
    value: link,
    deliver: [{ to: toKey, event: 'CALL_CANCELED', payload: { by: caller.name, reason: reason ?? 'canceled' } }],
  };
}

export async function hangUp(
  tx: Transaction,
  userKey: string,
  toKey: string | null,
  reason: MediaReason | null = null,
): Promise<Outcome<Link>> {
  const user = await sessionOf(tx, userKey);
  const link = user.link;
  if (!link || toKey === null || link.peer !== toKey || link.state !== 'active') {
    throw fail('NOT_IN_CALL', 'You are not in a call with that person.');
  }
  tx.set(userKey, { ...user, link: null });
  await clearPeer(tx, userKey, link);
  return { value: link, deliver: [{ to: toKey, event: 'CALL_ENDED', payload: { by: user.name, reason: reason ?? 'hangup' } }] };
}

/** The ring timeout: withdraws request `id` if nobody answered it. */
export async function expireRequest(tx: Transaction, callerKey: string, id: string, now = Date.now()): Promise<Outcome> {
  const caller = await tx.get(callerKey);
  const link = caller?.link;
  if (!caller || !link || link.id !== id || link.state !== 'pending') return { value: undefined, deliver: [] };
  tx.set(callerKey, { ...caller, link: null });
  const callee = await clearPeer(tx, callerKey, link);
  await recordUnaccepted(tx, subjectOf(callerKey, caller), subjectOrKey(link.peer, callee), now);
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
/** The subject of `key`'s user, or the key itself once they are gone. */
const subjectOrKey = (key: string, user: UserRecord | undefined) => (user ? subjectOf(key, user) : key);

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
  saveBlocks(tx, key, user);
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

/**
 * Two queue members may be paired unless they were each other's last match,
 * either blocked the other, or their interests keep them apart for now.
 */
function mayPair(a: string, aUser: UserRecord, b: string, bUser: UserRecord, now: number): boolean {
  return (
    a !== b &&
    !(aUser.lastMatch === b && bUser.lastMatch === a) &&
    !blockedBetween(a, aUser, b, bUser) &&
    interestsAllow(aUser, bUser, now)
  );
}

/** A user leaving the queue: nothing of their wait is kept. */
function dequeued(user: UserRecord): UserRecord {
  const { interests: _interests, waitUntil: _waitUntil, ...rest } = user;
  return { ...rest, queued: false };
}

/**
 * Pairs `key` (queued, online) with the longest-waiting queued user it may be
 * paired with, or leaves it waiting. The pair is at once an accepted call.
 * Runs when `key` joins, resumes, or its interest wait passes.
 */
export async function pairFromQueue(tx: Transaction, key: string, now = Date.now()): Promise<Outcome<Link | null>> {
  const user = await tx.get(key);
  if (!user || !user.queued || user.sid === '') return { value: null, deliver: [] };
  const queue = await tx.queue();
  const mine = queue.indexOf(key);
  for (const [index, other] of queue.entries()) {
    if (other === key) continue;
    const partner = await tx.get(other);
    if (!partner || !partner.queued || partner.sid === '' || !mayPair(key, user, other, partner, now)) continue;
    const id = linkId();
    // The one who waited longer calls: their media is most likely ready.
    const role = mine !== -1 && mine < index ? 'caller' : 'recipient';
    const partnerRole = role === 'caller' ? 'recipient' : 'caller';
    const common = commonInterests(user, partner);
    const link: Link = { peer: other, role, state: 'active', id, matched: true };
    tx.set(key, { ...dequeued(user), lastMatch: other, link });
    tx.set(other, {
      ...dequeued(partner),
      lastMatch: key,
      link: { peer: key, role: partnerRole, state: 'active', id, matched: true },
    });
    tx.setQueue(queue.filter((k) => k !== key && k !== other));
    await recordMatch(tx, { key, user }, { key: other, user: partner }, now);
    await recordMatch(tx, { key: other, user: partner }, { key, user }, now);
    return {
      value: link,
      deliver: [
        { to: other, event: 'MATCHED', payload: { peer: user.name, role: partnerRole, common } },
        { to: key, event: 'MATCHED', payload: { peer: partner.name, role, common: [...common] } },
      ],
    };
  }
  return { value: null, deliver: [] };
}

export interface QueueSettings {
  /** How long a user with interests waits for a shared one before anyone will do. */
  interestWaitMs: number;
}

/** FIND_MATCH with `interests` in compared form; TRY_LATER while suspended after reports. */
export async function joinQueue(
  tx: Transaction,
  key: string,
  interests: string[] = [],
  settings: QueueSettings = { interestWaitMs: 5_000 },
  now = Date.now(),
): Promise<Outcome<Link | null>> {
  const user = await sessionOf(tx, key);
  await checkNotSuspended(tx, subjectOf(key, user), now);
  if (linkedOrQueued(user)) throw fail('ALREADY_IN_CALL', 'You are already in a call, a request or the queue.');
  const queued: UserRecord = { ...user, queued: true };
  if (interests.length) {
    queued.interests = interests;
    queued.waitUntil = now + settings.interestWaitMs;
  }
  tx.set(key, queued);
  tx.setQueue([...(await tx.queue()), key]);
  return pairFromQueue(tx, key, now);
}

export async function leaveQueue(tx: Transaction, key: string): Promise<Outcome> {
  const user = await sessionOf(tx, key);
  if (!user.queued) throw fail('NO_SUCH_REQUEST', 'You are not waiting for a stranger.');
  tx.set(key, dequeued(user));
  tx.setQueue((await tx.queue()).filter((k) => k !== key));
  return { value: undefined, deliver: [] };
}

/**
 * BLOCK: `key` never hears from `target` (a key, typed as `targetName`)
 * again. A request pending from `target` to `key` is withdrawn: the caller
 * hears CALL_REJECTED "rejected"; the blocker hears nothing (the ack is
 * their confirmation). Returns the withdrawn request, if any, so its ring
 * timer stops.
 */
export async function block(tx: Transaction, key: string, target: string, targetName: string, now = Date.now()): Promise<Outcome<Link | null>> {
  const user = await sessionOf(tx, key);
  const subject = subjectNamed(user.persistent, target, targetName);
  if (subject === subjectOf(key, user)) throw fail('INVALID_PAYLOAD', 'You cannot block yourself.');
  return blockSubject(tx, key, user, target, subject, now);
}

/** Adds `subject` (the user under key `target`, when online) to `user`'s blocks. */
async function blockSubject(tx: Transaction, key: string, user: UserRecord, target: string, subject: string, now: number): Promise<Outcome<Link | null>> {
  const blocked = withBlock(user, subject);
  const link = user.link;
  const caller = link?.peer === target && link.role === 'recipient' && link.state === 'pending' ? await tx.get(target) : undefined;
  if (!link || !caller || subjectOf(target, caller) !== subject) {
    if (blocked !== user) tx.set(key, blocked);
    return { value: null, deliver: [] };
  }
  tx.set(key, { ...blocked, link: null });
  await clearPeer(tx, key, link);
  await recordUnaccepted(tx, subjectOf(target, caller), subjectOf(key, user), now);
  return { value: link, deliver: [{ to: target, event: 'CALL_REJECTED', payload: { by: user.name, reason: 'rejected' } }] };
}

export async function unblock(tx: Transaction, key: string, target: string, targetName: string): Promise<Outcome> {
  const user = await sessionOf(tx, key);
  const subject = subjectNamed(user.persistent, target, targetName);
  if (subject === subjectOf(key, user)) throw fail('INVALID_PAYLOAD', 'You cannot block or unblock yourself.');
  const after = withoutBlock(user, subject);
  if (after !== user) tx.set(key, after);
  return { value: undefined, deliver: [] };
}

/**
 * REPORT from client address `address`: recorded once per reporter and
 * target within the hour (`fresh`; a repeat is acknowledged and changes
 * nothing), counted toward the threshold only as reports.ts decides
 * (`counted`); it also blocks the target. Returns the names as shown.
 */
export async function report(
  tx: Transaction,
  key: string,
  target: string,
  address: string,
  settings: ReportSettings,
  now = Date.now(),
): Promise<Outcome<{ reporter: string; target: string; fresh: boolean; counted: boolean; withdrawn: Link | null }>> {
  const user = await sessionOf(tx, key);
  if (target === key) throw fail('INVALID_PAYLOAD', 'You cannot report yourself.');
  const reporter = subjectOf(key, user);
  // A signed identity is the same person in every session; a first-come name is not.
  const meeting = await reportable(tx, reporter, target, now, user.persistent ? undefined : user.since);
  const { fresh, counted } = await countReport(tx, reporter, address, meeting, settings, now);
  let blockOutcome: Outcome<Link | null> = { value: null, deliver: [] };
  // At the block limit the report still counts; the block is then skipped.
  if (blocks(user, meeting.subject) || (user.blocks?.length ?? 0) < MAX_BLOCKS) {
    blockOutcome = await blockSubject(tx, key, user, target, meeting.subject, now);
  }
  return {
    value: { reporter: user.name, target: meeting.name, fresh, counted, withdrawn: blockOutcome.value },
    deliver: blockOutcome.deliver,
  };
}
