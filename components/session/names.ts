/**
 * The protocol's name identity (docs/protocol.md, Names): two names are the
 * same when their trimmed NFKC forms are equal after `toLowerCase()`.
 */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return nameKey(a) === nameKey(b);
}

export function nameKey(name: string): string {
  return name.trim().normalize('NFKC').toLowerCase();
}
