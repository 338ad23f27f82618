// Reports (docs/protocol.md, "Roulette v2: interests and reports"): a user
// may report someone the queue paired them with in the last 10 minutes.
// Each target's reports are one map reporter → time, kept an hour; when
// REPORT_THRESHOLD different reporters are within the hour, the target's
// FIND_MATCH gets TRY_LATER for REPORT_SUSPEND_MS.
import { fail } from '../errors.js';
import type { Transaction } from '../store/store.js';

/** How long after a match its peer may be reported. */
export const REPORTABLE_MS = 10 * 60_000;
/** How long a report counts. */
export const REPORT_WINDOW_MS = 60 * 60_000;

export interface ReportSettings {
  threshold: number;
  suspendMs: number;
}

/** Who a user was matched with lately: peer key → when, and the peer's name as shown. */
type Met = Record<string, { at: number; name: string }>;

const metKey = (key: string) => `met:${key}`;
const reportsKey = (key: string) => `reports:${key}`;
const suspendedKey = (key: string) => `suspended:${key}`;

/** Remembers that the queue paired `key` with `peer` (shown as `peerName`). */
export async function recordMatch(tx: Transaction, key: string, peer: string, peerName: string, now: number): Promise<void> {
  const met = (await tx.getData<Met>(metKey(key))) ?? {};
  const kept: Met = {};
  for (const [k, v] of Object.entries(met)) if (v.at > now - REPORTABLE_MS) kept[k] = v;
  kept[peer] = { at: now, name: peerName };
  tx.setData(metKey(key), kept, REPORTABLE_MS);
}

/** The name, as shown, of `target` if `key` was matched with them lately; NO_SUCH_REQUEST otherwise. */
export async function reportable(tx: Transaction, key: string, target: string, now: number): Promise<string> {
  const met = await tx.getData<Met>(metKey(key));
  const entry = met && Object.hasOwn(met, target) ? met[target] : undefined;
  if (!entry || entry.at <= now - REPORTABLE_MS) {
    throw fail('NO_SUCH_REQUEST', 'You can only report someone you were matched with in the last 10 minutes.');
  }
  return entry.name;
}

/** Counts `reporter`'s report of `target` (once per pair within the hour); true when it was new. */
export async function countReport(
  tx: Transaction,
  reporter: string,
  target: string,
  settings: ReportSettings,
  now: number,
): Promise<boolean> {
  const all = (await tx.getData<Record<string, number>>(reportsKey(target))) ?? {};
  const kept: Record<string, number> = {};
  for (const [k, at] of Object.entries(all)) if (at > now - REPORT_WINDOW_MS) kept[k] = at;
  if (Object.hasOwn(kept, reporter)) return false;
  kept[reporter] = now;
  tx.setData(reportsKey(target), kept, REPORT_WINDOW_MS);
  if (Object.keys(kept).length >= settings.threshold) tx.setData(suspendedKey(target), now + settings.suspendMs, settings.suspendMs);
  return true;
}

/** TRY_LATER while `key` is kept out of matching after reports. */
export async function checkNotSuspended(tx: Transaction, key: string, now: number): Promise<void> {
  const until = await tx.getData<number>(suspendedKey(key));
  if (until !== undefined && until > now) {
    const minutes = Math.ceil((until - now) / 60_000);
    throw fail('TRY_LATER', `You were reported by several people and cannot meet strangers for ${minutes} more minute${minutes === 1 ? '' : 's'}.`);
  }
}
