// Server-issued guest names (docs/protocol.md, "Names").
import { randomInt } from 'node:crypto';
import type { Name } from '../../protocol/index.js';

// No 0/o, 1/l/i: a guest reads their name to someone else.
const TOKEN_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A server-issued name such as `guest-k7q2m9`, valid under the same rules. */
export function guestName(): Name {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  const display = `guest-${suffix}`;
  return { display, key: display };
}
