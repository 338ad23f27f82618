// What is behind you in a call: nothing changed, a blur, or a picture. The
// person's choice is remembered for this site (localStorage is per origin);
// the site may offer its own pictures and choose the default
// (`<roulette-session background background-pictures>`). Only this small
// module is in the core: the rest (choice-store.ts, the effect and its
// model) loads when someone chooses or has chosen an effect.

/** `none`, `blur`, or the URL of a picture to put behind you. */
export type Background = string;

/** A picture the site offers as a background. */
export interface BackgroundPicture {
  /** The image's URL (same origin, or served with CORS: the picture is drawn into what is sent). */
  src: string;
  /** What it shows, for people who cannot see it (e.g. "Beach"). */
  label: string;
}

export const BACKGROUND_KEY = 'roulette-background';

/**
 * The site's choices (set by `<roulette-session>`, one set per page): its
 * default, used until the person chooses (e.g. `blur` on a site for
 * children), and its pictures. `chosen` is the person's choice on this page.
 */
export const backgrounds: { default?: Background; pictures?: readonly BackgroundPicture[]; chosen?: Background } = {};

/** The person's choice (this page's, else the one remembered for this site), else the site's default. */
export function loadBackground(): Background {
  try {
    backgrounds.chosen ??= localStorage.getItem(BACKGROUND_KEY) ?? undefined;
  } catch {
    // storage blocked (a sandboxed frame): the default
  }
  return backgrounds.chosen ?? backgrounds.default ?? 'none';
}
