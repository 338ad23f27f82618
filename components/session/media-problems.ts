// What to tell a person whose camera or microphone could not be started, and
// what to do about it: loaded only when that happens (media.ts). The advice
// fits both sides of a call (you may have been the one called), so it says
// "try again", never only "call again".
import { msg } from '../internal/localize.js';

/** Why the camera/microphone could not be used, in words a person can act on. */
export interface MediaProblem {
  /** `media-denied` (NotAllowedError), `media-missing` (NotFoundError), `media-failed` (anything else). */
  code: 'media-denied' | 'media-missing' | 'media-failed';
  message: string;
  /** The sentence in the page's current language. */
  text?: () => string;
}

const MEDIA_DENIED = (): string =>
  msg(
    "Camera and microphone access is blocked. Allow them for this site in your browser (the camera icon in the address bar, or the site's settings) and check that your system lets the browser use the camera, then try again.",
    { id: 'media.denied' },
  );
const MEDIA_MISSING = (): string => msg('No camera or microphone was found. Connect one, then try again.', { id: 'media.missing' });
const MEDIA_BUSY = (): string =>
  msg(
    'Your camera or microphone could not be started. Check that no other app or tab is using the camera (close other video calls), then try again.',
    { id: 'media.busy' },
  );
const MEDIA_INSECURE = (): string =>
  msg('This page cannot use a camera: open it over HTTPS (or on localhost) in a current browser.', { id: 'media.insecure' });

/** No `getUserMedia` at all: a page over plain HTTP (or a very old browser). */
export const insecure = (): MediaProblem => ({ code: 'media-failed', message: MEDIA_INSECURE(), text: MEDIA_INSECURE });

export function describeMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        code: 'media-denied',
        message: MEDIA_DENIED(),
        text: MEDIA_DENIED,
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return {
        code: 'media-missing',
        message: MEDIA_MISSING(),
        text: MEDIA_MISSING,
      };
    default:
      return {
        code: 'media-failed',
        message: MEDIA_BUSY(),
        text: MEDIA_BUSY,
      };
  }
}
