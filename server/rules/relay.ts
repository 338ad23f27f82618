// The relay rule of docs/protocol.md, beside the call rules of calls.ts:
// descriptors and candidates pass only within an accepted call, offers only
// from the caller and answers only from the recipient. A plain check on the
// sender's record, so relays need no transaction.
import { fail } from '../errors.js';
import type { Role } from '../../protocol/index.js';
import type { Link, UserRecord } from '../store/store.js';

/** A user in a call: the link is there. */
export type LinkedUser = UserRecord & { link: Link };

/**
 * Passes when `sender` is in an accepted call with `toKey` (the key of the
 * name `to`) and, unless `role` is null, is that call's `role`.
 */
export function checkRelay(
  sender: UserRecord | undefined,
  toKey: string | null,
  to: string,
  role: Role | null,
): asserts sender is LinkedUser {
  const link = sender?.link;
  if (!link || link.state !== 'active' || link.peer !== toKey) {
    throw fail('NOT_IN_CALL', `You are not in a call with "${to}".`);
  }
  if (role !== null && link.role !== role) {
    throw fail('WRONG_ROLE', role === 'caller' ? 'Only the caller sends offers.' : 'Only the recipient sends answers.');
  }
}
