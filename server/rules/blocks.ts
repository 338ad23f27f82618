// Blocking (docs/protocol.md, "Blocking (v2)"). A user's blocks live on
// their record, so they last exactly as long as the session (a resume or a
// takeover keeps the record); a signed identity's record is `persistent`
// and its blocks are saved in the store when the session ends and restored
// at the next one. Blocks name subjects (subjects.ts): look-alike keys, or
// under signed identities exact identities (v2.1).
import { fail } from '../errors.js';
import type { Transaction, UserRecord } from '../store/store.js';
import { subjectOf } from './subjects.js';

export const MAX_BLOCKS = 1_000;
/** How long a signed identity's saved blocks wait for its next session. */
export const SAVED_BLOCKS_MS = 90 * 86_400_000;

const savedKey = (key: string) => `blocks:${key}`;

/** Whether `user` blocked `subject` (subjects.ts). */
export function blocks(user: UserRecord, subject: string): boolean {
  return user.blocks?.includes(subject) ?? false;
}

/** Either of the two blocked the other. */
export function blockedBetween(a: string, aUser: UserRecord, b: string, bUser: UserRecord): boolean {
  return blocks(aUser, subjectOf(b, bUser)) || blocks(bUser, subjectOf(a, aUser));
}

/** `user` with `other` added to its blocks; RATE_LIMITED past the limit. */
export function withBlock(user: UserRecord, other: string): UserRecord {
  if (blocks(user, other)) return user;
  const list = user.blocks ?? [];
  if (list.length >= MAX_BLOCKS) throw fail('RATE_LIMITED', `You can block at most ${MAX_BLOCKS} names; unblock someone first.`);
  return { ...user, blocks: [...list, other] };
}

export function withoutBlock(user: UserRecord, other: string): UserRecord {
  return blocks(user, other) ? { ...user, blocks: user.blocks!.filter((k) => k !== other) } : user;
}

/** A signed identity's session ends: keep its blocks for the next one (of that exact identity). */
export function saveBlocks(tx: Transaction, key: string, user: UserRecord): void {
  if (!user.persistent) return;
  const subject = subjectOf(key, user);
  if (user.blocks?.length) tx.setData(savedKey(subject), user.blocks, SAVED_BLOCKS_MS);
  else tx.deleteData(savedKey(subject));
}

/** The blocks the signed identity `subject` saved at the end of its last session. */
export async function savedBlocks(tx: Transaction, subject: string): Promise<string[]> {
  return (await tx.getData<string[]>(savedKey(subject))) ?? [];
}
