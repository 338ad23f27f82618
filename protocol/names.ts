// Usernames (docs/protocol.md, "Names"): checked on the NFKC form after
// trimming; two names are the same when their NFKC forms match after
// toLowerCase(). `key` is that comparison form: the server indexes everything
// by it and the browser client compares names with it.

const NAME = /^[\p{L}\p{M}\p{N}_.-]{1,32}$/u;

// A valid name is at most 32 code points after NFKC, and NFKC expands one
// code point to at most 18: anything longer cannot be a name, so it is
// refused before the (costly, on huge strings) normalisation.
const LONGEST_INPUT = 32 * 18 * 2;

export interface Name {
  /** As typed, trimmed: what people see. */
  display: string;
  /** NFKC + lower case: what uniqueness and lookups compare. */
  key: string;
}

/** Parses a name a person chose; `null` when it breaks the rules. */
export function parseName(input: string): Name | null {
  if (input.length > LONGEST_INPUT) return null;
  const display = input.trim();
  const nfkc = display.normalize('NFKC');
  if (!NAME.test(nfkc)) return null;
  return { display, key: nfkc.toLowerCase() };
}

/** The lookup key of a name given in `to` / `from`; `null` if no user can have it. */
export function nameKey(input: string): string | null {
  return parseName(input)?.key ?? null;
}

