// Names as the server compares them (docs/protocol.md, "Names", v2): the
// validity rules come from protocol/names.ts; on top of them, the identity
// key folds look-alikes together using Unicode's confusables data (UTS #39),
// so a name that looks like an online one is USERNAME_TAKEN.
//
// The data comes from `unhomoglyph` (confusables.txt as a character →
// prototype map); skeleton() below is UTS #39's algorithm around it. This
// module is server-only: the data is ~100 KB.
import unhomoglyph from 'unhomoglyph';
import { checkName } from '../../protocol/index.js';

export interface Identity {
  /** As typed, trimmed: what people see. */
  display: string;
  /** What uniqueness and every lookup compare: look-alikes share it. */
  key: string;
}

export type IdentityCheck = { ok: true; name: Identity } | { ok: false; message: string };

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The UTS #39 confusable skeleton (section 4): NFD, without default-ignorable
 * code points, each character replaced by its prototype, NFD again. Two
 * strings with the same skeleton look alike; a skeleton is never shown.
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD').replace(DEFAULT_IGNORABLE, '')).normalize('NFD');
}

// Names are case-insensitive, so `I` is `i`; the confusables data maps
// capital `I` to `l` (0049 → 006C), which only holds together with case
// folding if `i` is `l` too. Without this, `AIice` (capital i) would pass for
// `Alice`, the oldest trick there is, and the contract's `l` / `1` / `I`
// would not collide. The one character is taken from the data, not written
// here.
const CAPITAL_I = skeleton('I').toLowerCase();

/** The identity key of an NFKC-normalised valid name. */
function keyOf(nfkc: string): string {
  return skeleton(nfkc.toLowerCase()).toLowerCase().replaceAll('i', CAPITAL_I);
}

/** Checks a name someone chose (CONNECT `as`, a token's claim) and gives its identity key. */
export function parseIdentity(input: unknown): IdentityCheck {
  if (typeof input !== 'string') return { ok: false, message: 'A name must be a string.' };
  const checked = checkName(input);
  if (!checked.ok) return { ok: false, message: checked.reason };
  const { display } = checked.name;
  return { ok: true, name: { display, key: keyOf(display.normalize('NFKC')) } };
}

/** The identity key of a name given in `to` / `from` / `name`; `null` if no user can have it. */
export function identityKey(input: unknown): string | null {
  const parsed = parseIdentity(input);
  return parsed.ok ? parsed.name.key : null;
}

/**
 * The exact identity of a valid name (v2.1): NFKC, lower case, nothing
 * folded. Two names with one identity key may still be two identities
 * (`mary` and `rnary`); a takeover by token needs the same identity.
 */
export function exactIdentity(display: string): string {
  return display.trim().normalize('NFKC').toLowerCase();
}
