// The sentences a person reads about the session: every notice the session
// shows, in one place (the wire contract's default sentences are in
// protocol/errors.ts; these are the friendlier ones the elements show).
import type { CancelReason, EndReason, RejectReason } from '../../protocol/index.js';
import { SignalingError } from './signaling-error.js';
import type { Notice } from './state.js';

const info = (code: string, message: string): Notice => ({ tone: 'info', code, message });
const error = (code: string, message: string): Notice => ({ tone: 'error', code, message });

/** A failure that carries its own sentence (the server's, the client's). */
const asNotice = (e: SignalingError): Notice => error(e.code, e.message);

export const EMPTY_CALLEE = error('empty-callee', 'Type the name of the person you want to call.');
export const SELF_CALL = error('SELF_CALL', "That's your own name — type the name of someone else.");
export const STRANGER_LEFT = info('stranger-left', 'The stranger moved on.');
export const SEARCH_FAILED = error('INTERNAL', 'Looking for a stranger failed. Try again.');
export const MEDIA_FAILED = error('media-failed', 'Your camera or microphone could not be started.');
export const DEVICE_FAILED = error('media-failed', 'That device could not be started. Choose another.');
export const SCREEN_FAILED = error('screen-failed', 'Your screen could not be shared.');

/**
 * Your camera or microphone could not be started: what to do about it. The
 * advice fits both sides of a call (you may have been the one called), so it
 * says "try again", never only "call again".
 */
export const MEDIA_DENIED =
  "Camera and microphone access is blocked. Allow them for this site in your browser (the camera icon in the address bar, or the site's settings) and check that your system lets the browser use the camera, then try again.";
export const MEDIA_MISSING = 'No camera or microphone was found. Connect one, then try again.';
export const MEDIA_BUSY =
  "Your camera or microphone could not be started. Check that no other app or tab is using the camera (close other video calls), then try again.";
export const MEDIA_INSECURE = 'This page cannot use a camera: open it over HTTPS (or on localhost) in a current browser.';

/** The page title while a call rings in a hidden tab, the announcement and the system notification. */
export const incomingCallTitle = (from: string): string => `Incoming call from ${from}`;

export const guestNotice = (username: string): Notice =>
  info('guest', `You're connected as ${username}. Share this name so people can call you.`);

export const reloadedNotice = (peer: string): Notice =>
  info('reloaded', `The page was reloaded, so your call with ${peer} ended.`);

export const goneRequestNotice = (from: string): Notice =>
  info('NO_SUCH_REQUEST', `The call from ${from} is no longer available.`);

export const hungUpNotice = (peer: string): Notice => info('hangup', `Call with ${peer} ended.`);

/** The server lost what was under way while we were offline (v2 `resumed: false`). */
export function lostOfflineNotice(phase: 'in-call' | 'outgoing' | 'incoming' | 'searching', peer = 'the other person'): Notice {
  return info(
    'not-resumed',
    phase === 'searching'
      ? 'You lost your place in the queue while you were offline. Look for a stranger again.'
      : phase === 'outgoing'
        ? `Your call request to ${peer} ended while you were offline.`
        : phase === 'incoming'
          ? `The call from ${peer} ended while you were offline.`
          : `Your call with ${peer} ended while you were offline.`,
  );
}

/** The person you called did not take the call. */
export function rejectedNotice(by: string, reason: RejectReason): Notice {
  return info(
    reason,
    reason === 'timeout'
      ? `${by} didn't answer. Try again later.`
      : reason === 'unavailable'
        ? `${by} went offline before answering.`
        : reason === 'media'
          ? `${by} couldn't start the camera, so the call didn't start.`
          : `${by} declined your call.`,
  );
}

/** The person calling you withdrew. */
export function canceledNotice(by: string, reason: CancelReason): Notice {
  return info(
    reason,
    reason === 'timeout'
      ? `You missed a call from ${by}.`
      : reason === 'unavailable'
        ? `${by} went offline, so the call was withdrawn.`
        : reason === 'media'
          ? `${by} couldn't start the camera, so the call was withdrawn.`
          : `${by} canceled the call.`,
  );
}

/** The other person ended the call (`lost`: their path had broken). */
export function endedNotice(by: string, reason: EndReason, matched: boolean, lost: boolean): Notice {
  if (reason === 'media') return info('peer-media', `${by} couldn't start the camera, so the call ended.`);
  if (matched && reason === 'hangup') return STRANGER_LEFT;
  if (reason === 'disconnected' || lost) return info('peer-disconnected', `${by}'s connection dropped, so the call ended.`);
  return info('peer-hangup', `${by} hung up.`);
}

/** Connecting failed. */
export function connectNotice(e: unknown): Notice {
  if (!(e instanceof SignalingError)) return error('INTERNAL', 'Connecting failed. Try again.');
  switch (e.code) {
    case 'USERNAME_TAKEN':
      return error(e.code, 'That name is taken — pick another.');
    case 'INVALID_USERNAME':
      return error(e.code, 'Names are 1–32 letters or digits, and may use “_”, “-” and “.”. Pick another.');
    case 'UNAUTHORIZED':
      // The server's sentence is for developers ("CONNECT { token }"); the person needs what to do.
      return error(e.code, 'Your sign-in was not accepted (it may have expired). Sign in to the site again, then try again.');
    default:
      return asNotice(e);
  }
}

/** Calling `to` failed. */
export function requestCallNotice(e: unknown, to: string): Notice {
  if (!(e instanceof SignalingError)) return error('INTERNAL', 'The call could not be placed. Try again.');
  switch (e.code) {
    case 'USER_NOT_FOUND':
      return info(e.code, `Nobody called ${to} is online. Check the name and try again.`);
    case 'USER_BUSY':
      return info(e.code, `${to} is busy in another call. Try again later.`);
    case 'SELF_CALL':
      return SELF_CALL;
    case 'INVALID_USERNAME':
      return error(e.code, `“${to}” is not a valid name.`);
    default:
      return asNotice(e);
  }
}

/** Looking for a stranger failed. */
export function searchNotice(e: unknown): Notice {
  return e instanceof SignalingError ? asNotice(e) : SEARCH_FAILED;
}

// ---- safety (v2) ---------------------------------------------------------

/** Matched with someone who shares interests (v2 `MATCHED { common }`). */
export const commonNotice = (common: readonly string[]): Notice => info('common-interests', `You both like: ${common.join(', ')}`);

export const blockedNotice = (name: string): Notice =>
  info('blocked', `You blocked ${name}. They can't call you or be matched with you again.`);

export const reportedNotice = (name: string): Notice =>
  info('reported', `Thank you. ${name} was reported and blocked.`);

export const unblockedNotice = (name: string): Notice => info('unblocked', `You unblocked ${name}.`);

/** A block, unblock or report the server refused. */
export function safetyNotice(e: unknown): Notice {
  return e instanceof SignalingError ? asNotice(e) : error('INTERNAL', 'That did not go through. Try again.');
}
