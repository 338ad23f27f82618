// Reports (docs/protocol.md, "Roulette v2: interests and reports"): a user
// may report someone the queue paired them with in the last 10 minutes.
// When REPORT_THRESHOLD reports within the hour count, the target's
// FIND_MATCH gets TRY_LATER for REPORT_SUSPEND_MS.
//
// v2.1: throwaway names must not suspend anyone. A report counts only when
// its reporter had been connected REPORT_MIN_AGE_MS when the match began,
// and only once per client address per target. Reporters, targets and
// suspensions are subjects (subjects.ts): exact identities under signed
// identities, look-alike keys otherwise.
import { createHash } from 'node:crypto';
import { fail } from '../errors.js';
import type { Transaction, UserRecord } from '../store/store.js';
import { subjectOf } from './subjects.js';

/** How long after a match its peer may be reported. */
export const REPORTABLE_MS = 10 * 60_000;
/** How long a report counts. */
export const REPORT_WINDOW_MS = 60 * 60_000;

export interface ReportSettings {
  threshold: number;
  suspendMs: number;
  /** How long a reporter must have been connected when the match began for the report to count (v2.1). */
  minAgeMs: number;
}

/** One match as its owner remembers it, by the peer's key. */
export interface Meeting {
  /** When the match began. */
  at: number;
  /** The peer's name as shown. */
  name: string;
  /** The peer's subject (absent in entries written before v2.1: the key then). */
  subject?: string;
  /** How long the owner had been connected when the match began (absent before v2.1: counts as 0). */
  age?: number;
}

type Met = Record<string, Meeting>;

/** A target's reports of the last hour: who reported (every report), who counted, and the counted addresses (hashed). */
interface Reports {
  seen: Record<string, number>;
  counted: Record<string, number>;
  addresses: Record<string, number>;
}

const metKey = (subject: string) => `met:${subject}`;
const reportsKey = (subject: string) => `reported:${subject}`;
const suspendedKey = (subject: string) => `suspended:${subject}`;

/** Remembers, for `owner`, that the queue paired them with `peer`. */
export async function recordMatch(
  tx: Transaction,
  owner: { key: string; user: UserRecord },
  peer: { key: string; user: UserRecord },
  now: number,
): Promise<void> {
  const key = metKey(subjectOf(owner.key, owner.user));
  const met = (await tx.getData<Met>(key)) ?? {};
  const kept: Met = {};
  for (const [k, v] of Object.entries(met)) if (v.at > now - REPORTABLE_MS) kept[k] = v;
  kept[peer.key] = { at: now, name: peer.user.name, subject: subjectOf(peer.key, peer.user), age: now - (owner.user.since ?? now) };
  tx.setData(key, kept, REPORTABLE_MS);
}

/**
 * The match of `reporter` with `target` (a key) if it was lately; NO_SUCH_REQUEST otherwise.
 * `since`: without a signed identity, when the reporter's session began. A
 * match of an earlier session stays reportable (a reconnect that could not
 * resume), but its age is 0: this session was not connected when it began,
 * and a first-come name may since have passed to someone else.
 */
export async function reportable(
  tx: Transaction,
  reporter: string,
  target: string,
  now: number,
  since?: number,
): Promise<Meeting & { subject: string }> {
  const met = await tx.getData<Met>(metKey(reporter));
  const entry = met && Object.hasOwn(met, target) ? met[target] : undefined;
  if (!entry || entry.at <= now - REPORTABLE_MS) {
    throw fail('NO_SUCH_REQUEST', 'You can only report someone you were matched with in the last 10 minutes.');
  }
  const earlierSession = since !== undefined && entry.at < since;
  return { ...entry, subject: entry.subject ?? target, ...(earlierSession ? { age: 0 } : {}) };
}

/** A client address as kept in the store: hashed, so an hour of reports keeps no one's IP. */
const addressTag = (address: string) => createHash('sha256').update(address).digest('base64url').slice(0, 16);

function recent(entries: Record<string, number> | undefined, now: number): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [k, at] of Object.entries(entries ?? {})) if (at > now - REPORT_WINDOW_MS) kept[k] = at;
  return kept;
}

/**
 * Records `reporter`'s report of `meeting`'s peer, sent from `address`.
 * `fresh`: the first from this reporter about this target within the hour
 * (a repeat changes nothing). `counted`: it counts toward the threshold.
 */
export async function countReport(
  tx: Transaction,
  reporter: string,
  address: string,
  meeting: Meeting & { subject: string },
  settings: ReportSettings,
  now: number,
): Promise<{ fresh: boolean; counted: boolean }> {
  const key = reportsKey(meeting.subject);
  const stored = await tx.getData<Partial<Reports>>(key);
  const reports: Reports = { seen: recent(stored?.seen, now), counted: recent(stored?.counted, now), addresses: recent(stored?.addresses, now) };
  if (Object.hasOwn(reports.seen, reporter)) return { fresh: false, counted: false };
  reports.seen[reporter] = now;
  const tag = addressTag(address);
  const counted = (meeting.age ?? 0) >= settings.minAgeMs && !Object.hasOwn(reports.addresses, tag);
  if (counted) {
    reports.counted[reporter] = now;
    reports.addresses[tag] = now;
  }
  tx.setData(key, reports, REPORT_WINDOW_MS);
  if (counted && Object.keys(reports.counted).length >= settings.threshold) {
    tx.setData(suspendedKey(meeting.subject), now + settings.suspendMs, settings.suspendMs);
  }
  return { fresh: true, counted };
}

/** TRY_LATER while `subject` is kept out of matching after reports. */
export async function checkNotSuspended(tx: Transaction, subject: string, now: number): Promise<void> {
  const until = await tx.getData<number>(suspendedKey(subject));
  if (until !== undefined && until > now) {
    const minutes = Math.ceil((until - now) / 60_000);
    throw fail('TRY_LATER', `You were reported by several people and cannot meet strangers for ${minutes} more minute${minutes === 1 ? '' : 's'}.`);
  }
}
