import { nameKey } from '../../protocol/index.js';

/**
 * The protocol's name identity (docs/protocol.md, Names), with the contract's
 * own `nameKey`: two names are the same when their keys are; a string no user
 * can have is nobody's name.
 */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const key = nameKey(a);
  return key !== null && key === nameKey(b);
}
