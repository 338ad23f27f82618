// Interests in roulette matching (docs/protocol.md, "Roulette v2"): two
// queued users may be paired when they share an interest, or when each has
// none or has waited INTEREST_WAIT_MS. Interests are compared as names are:
// NFKC, lower case, after trimming.
import { fail, type SignalingError } from '../errors.js';
import type { UserRecord } from '../store/store.js';

export const MAX_INTERESTS = 10;
export const MAX_INTEREST_LENGTH = 32;

/** The compared form of each interest (deduplicated), or what is wrong with the list. */
export function parseInterests(value: unknown): string[] | SignalingError {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail('INVALID_PAYLOAD', '"interests" must be an array of strings.');
  if (value.length > MAX_INTERESTS) return fail('INVALID_PAYLOAD', `At most ${MAX_INTERESTS} interests.`);
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return fail('INVALID_PAYLOAD', 'Each interest must be a string.');
    const trimmed = item.trim();
    if (trimmed.length < 1 || trimmed.length > MAX_INTEREST_LENGTH) {
      return fail('INVALID_PAYLOAD', `Each interest is 1 to ${MAX_INTEREST_LENGTH} characters.`);
    }
    const compared = trimmed.normalize('NFKC').toLowerCase();
    if (!out.includes(compared)) out.push(compared);
  }
  return out;
}

/** The interests both have, in compared form, sorted (both sides see the same list). */
export function commonInterests(a: UserRecord, b: UserRecord): string[] {
  const theirs = new Set(b.interests ?? []);
  return (a.interests ?? []).filter((i) => theirs.has(i)).sort();
}

/** Has no interests, or has waited long enough to be paired with anyone. */
function open(user: UserRecord, now: number): boolean {
  return !user.interests?.length || now >= (user.waitUntil ?? 0);
}

export function interestsAllow(a: UserRecord, b: UserRecord, now: number): boolean {
  return commonInterests(a, b).length > 0 || (open(a, now) && open(b, now));
}
