// Request cool-downs (docs/protocol.md, "Connection hygiene (v2)"): a caller
// may ring the same person at most 3 times in 2 minutes without being
// accepted (then TRY_LATER), and a user whose requests ended unaccepted 10
// times in a minute is RATE_LIMITED for REQUEST_CALL until that minute has
// passed. Only requests that rang count, and only once they ended
// unaccepted (rejected, canceled, timed out, withdrawn by a block). Each
// window is a list of end times kept in the store with the window's expiry,
// under the users' subjects (subjects.ts, v2.1): under signed identities a
// look-alike account neither shares nor sheds another's cool-down.
import { fail } from '../errors.js';
import type { Transaction } from '../store/store.js';

export const PAIR_LIMIT = 3;
export const PAIR_WINDOW_MS = 120_000;
export const CALLER_LIMIT = 10;
export const CALLER_WINDOW_MS = 60_000;

const pairKey = (caller: string, callee: string) => `ring:${caller} ${callee}`;
const callerKey = (caller: string) => `unanswered:${caller}`;

async function recent(tx: Transaction, key: string, windowMs: number, now: number): Promise<number[]> {
  const times = (await tx.getData<number[]>(key)) ?? [];
  return times.filter((t) => t > now - windowMs);
}

/** RATE_LIMITED while the caller's unaccepted requests of the last minute reach the limit. */
export async function checkCallerWindow(tx: Transaction, caller: string, now: number): Promise<void> {
  const times = await recent(tx, callerKey(caller), CALLER_WINDOW_MS, now);
  if (times.length >= CALLER_LIMIT) {
    const wait = Math.ceil((times[times.length - CALLER_LIMIT] + CALLER_WINDOW_MS - now) / 1000);
    throw fail('RATE_LIMITED', `Too many of your calls went unanswered. Try again in ${wait} s.`);
  }
}

/** TRY_LATER while the caller rang this person too often without being accepted. */
export async function checkPairWindow(tx: Transaction, caller: string, callee: string, calleeName: string, now: number): Promise<void> {
  const times = await recent(tx, pairKey(caller, callee), PAIR_WINDOW_MS, now);
  if (times.length >= PAIR_LIMIT) {
    const wait = Math.ceil((times[times.length - PAIR_LIMIT] + PAIR_WINDOW_MS - now) / 1000);
    throw fail('TRY_LATER', `You rang ${calleeName} ${PAIR_LIMIT} times already. Try again in ${wait} s.`);
  }
}

/** A request from `caller` to `callee` ended without being accepted. */
export async function recordUnaccepted(tx: Transaction, caller: string, callee: string, now: number): Promise<void> {
  const pair = await recent(tx, pairKey(caller, callee), PAIR_WINDOW_MS, now);
  tx.setData(pairKey(caller, callee), [...pair, now].slice(-PAIR_LIMIT), PAIR_WINDOW_MS);
  const all = await recent(tx, callerKey(caller), CALLER_WINDOW_MS, now);
  tx.setData(callerKey(caller), [...all, now].slice(-CALLER_LIMIT), CALLER_WINDOW_MS);
}

/** An accepted call resets the pair's count. */
export function resetPair(tx: Transaction, caller: string, callee: string): void {
  tx.deleteData(pairKey(caller, callee));
}
