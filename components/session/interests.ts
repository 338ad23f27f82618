// Interests for stranger matching (protocol v2, FIND_MATCH { interests }):
// cleaned the way the server counts them, and remembered in localStorage so
// a returning visitor does not type them again.

/** The server takes at most 10 interests of 1–32 characters each. */
export const MAX_INTERESTS = 10;
export const MAX_INTEREST_LENGTH = 32;

const KEY = 'roulette-interests';

/** Trimmed, 1–32 characters, each once (compared as the server does: NFKC, lower case), at most 10. */
export function cleanInterests(list: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const item of list) {
    const text = typeof item === 'string' ? item.trim() : '';
    const key = text.normalize('NFKC').toLowerCase();
    if (!text || text.length > MAX_INTEREST_LENGTH || seen.has(key)) continue;
    seen.add(key);
    kept.push(text);
  }
  return kept.slice(0, MAX_INTERESTS);
}

/** The interests remembered from an earlier visit. */
export function loadInterests(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? cleanInterests(value) : [];
  } catch {
    return []; // storage blocked or damaged
  }
}

/** Remembers `list` (cleaned); returns what was kept. */
export function saveInterests(list: readonly string[]): string[] {
  const kept = cleanInterests(list);
  try {
    localStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // storage blocked: they hold for this page only
  }
  return kept;
}
