// The person's background: checked against what the site offers, and
// remembered for this site (loaded when they choose one, or when a call
// starts with one).
import { BACKGROUND_KEY, backgrounds, type Background } from './choice.js';

/** True for a background this page can apply: `none`, `blur` or one of the site's pictures (or its default). */
export function isOffered(choice: string): boolean {
  return choice === 'none' || choice === 'blur' || choice === backgrounds.default || !!backgrounds.pictures?.some((p) => p.src === choice);
}

/** Remembers the person's choice for this site; a background the site does not offer is refused (nothing changes). */
export function saveBackground(choice: Background): void {
  if (!isOffered(choice)) throw new RangeError(`Roulette: "${choice}" is not a background this site offers.`);
  backgrounds.chosen = choice;
  try {
    localStorage.setItem(BACKGROUND_KEY, choice);
  } catch {
    // storage blocked: the choice holds for this page only
  }
}
