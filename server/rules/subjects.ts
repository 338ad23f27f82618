// Who the bookkeeping that outlives a session belongs to (docs/protocol.md,
// v2.1): saved blocks, report counts, suspensions. Without signed
// identities it is the look-alike key, so a look-alike name cannot shed
// them. Under signed identities (a `persistent` session) it is the exact
// identity, so two accounts whose names merely look alike (`mary`, `rnary`)
// never share a block or a suspension.
import { exactIdentity } from '../identity/names.js';
import type { UserRecord } from '../store/store.js';

/** A subject of an exact identity; the prefix keeps it apart from any look-alike key. */
const exact = (name: string) => `=${exactIdentity(name)}`;

/** The subject of the user registered under `key`. */
export function subjectOf(key: string, user: Pick<UserRecord, 'name' | 'persistent'>): string {
  return user.persistent ? exact(user.name) : key;
}

/**
 * The subject a user means by a name they typed (BLOCK, UNBLOCK): `signed`
 * is the acting user's own kind of session, which is every session's kind
 * on one server.
 */
export function subjectNamed(signed: boolean | undefined, key: string, name: string): string {
  return signed ? exact(name) : key;
}
