import { foldName } from '../../protocol/index.js';

/**
 * Whether two names are the same person's, as far as the client can tell:
 * their folded forms (protocol/names.ts) match. The server decides identity
 * on a stricter key (look-alikes collide there too); the client only ever
 * compares names the server sent it with the name it asked for, so the
 * folded form is enough, and it keeps the name rules out of the bundle.
 */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return foldName(a) === foldName(b);
}
