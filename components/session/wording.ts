// The sentences a person reads about the session: every notice the session
// shows, in one place (the wire contract's default sentences are in
// protocol/errors.ts; these are the friendlier ones the elements show).
//
// Every sentence goes through `msg()` with a stable id (components/locales/
// translate them, docs/strings.md lists them). A notice keeps a `text`
// function beside its `message`, so the elements render it in the page's
// current language even after a switch.
import type { CancelReason, EndReason, RejectReason } from '../../protocol/index.js';
import { msg, str } from '../internal/localize.js';
import { SignalingError } from './signaling-error.js';
import type { Notice, Step } from './state.js';

export const info = (code: string, text: () => string): Notice => ({ tone: 'info', code, message: text(), text });
export const error = (code: string, text: () => string): Notice => ({ tone: 'error', code, message: text(), text });

/**
 * A failure that carries its own sentence (the server's, the client's). The
 * server writes English; a translation has its code's sentence as
 * `protocol.<CODE>` (docs/strings.md), else the server's is shown.
 */
export const asNotice = (e: SignalingError): Notice => error(e.code, e.text ?? (() => msg(e.message, { id: `protocol.${e.code}` })));

/** The signaling client's own sentences (signaling-client.ts): `text` recomputes each in the current language. */
export const SIGNALING = {
  unreachable: (host: string) =>
    msg(str`Can't reach the Roulette server at ${host}. Check the address and your connection, then try again.`, { id: 'signaling.unreachable' }),
  lost: (host: string) =>
    msg(str`Lost the connection to the Roulette server at ${host}. Check your connection and connect again.`, { id: 'signaling.lost' }),
  timeout: () => msg('The server did not answer in time. Try again.', { id: 'signaling.timeout' }),
  notConnected: () => msg('Not connected to the server.', { id: 'signaling.not-connected' }),
  resumeTaken: (username: string) =>
    msg(str`The connection to the server was lost for too long and ${username} is now taken. Connect again.`, { id: 'signaling.resume-taken' }),
  resumeFailed: () => msg('The connection to the server was lost and could not be resumed. Connect again.', { id: 'signaling.resume-failed' }),
  closedBecause: (reason: string) => msg(str`The server closed the connection: ${reason}`, { id: 'signaling.closed-because' }),
  closed: () => msg('The server closed the connection.', { id: 'signaling.closed' }),
  shuttingDown: () => msg('it is shutting down.', { id: 'signaling.shutting-down' }),
  refused: () => msg("This site isn't allowed to use this call service.", { id: 'signaling.refused' }),
};

/** The video connection's own failures (peer-session.ts). */
export const VIDEO_SETUP_FAILED = (): string => msg('The video connection could not be set up.', { id: 'video.setup-failed' });
export const VIDEO_LOST = (): string => msg('The connection was lost and could not be restored.', { id: 'video.lost' });

export const EMPTY_CALLEE = error('empty-callee', () => msg('Type the name of the person you want to call.', { id: 'notice.empty-callee' }));
export const SELF_CALL = error('SELF_CALL', () => msg("That's your own name — type the name of someone else.", { id: 'notice.self-call' }));
export const STRANGER_LEFT = info('stranger-left', () => msg('The stranger moved on.', { id: 'notice.stranger-left' }));
export const SEARCH_FAILED = error('INTERNAL', () => msg('Looking for a stranger failed. Try again.', { id: 'notice.search-failed' }));
export const MEDIA_FAILED = error('media-failed', () => msg('Your camera or microphone could not be started.', { id: 'notice.media-failed' }));
export const DEVICE_FAILED = error('media-failed', () => msg('That device could not be started. Choose another.', { id: 'notice.device-failed' }));
export const SCREEN_FAILED = error('screen-failed', () => msg('Your screen could not be shared.', { id: 'notice.screen-failed' }));

/** The page title while a call rings in a hidden tab, the announcement and the system notification. */
export const incomingCallTitle = (from: string): string => msg(str`Incoming call from ${from}`, { id: 'alert.incoming-call' });

/** The system notification's body for an incoming call. */
export const incomingCallBody = (): string => msg('Open the page to accept or reject.', { id: 'alert.incoming-call-body' });

export const guestNotice = (username: string): Notice =>
  info('guest', () => msg(str`You're connected as ${username}. Share this name so people can call you.`, { id: 'notice.guest' }));

export const reloadedNotice = (peer: string): Notice =>
  info('reloaded', () => msg(str`The page was reloaded, so your call with ${peer} ended.`, { id: 'notice.reloaded' }));

export const goneRequestNotice = (from: string): Notice =>
  info('NO_SUCH_REQUEST', () => msg(str`The call from ${from} is no longer available.`, { id: 'notice.gone-request' }));

export const hungUpNotice = (peer: string): Notice => info('hangup', () => msg(str`Call with ${peer} ended.`, { id: 'notice.hung-up' }));

/** Your camera or microphone could not be used (see media.ts). */
export const mediaNotice = (problem: { code: string; message: string; text?: () => string }): Notice =>
  error(problem.code, problem.text ?? (() => problem.message));

/**
 * The server lost what was under way while we were offline (v2 `resumed:
 * false`); `answering` is the call, as `in-call` is.
 */
export function lostOfflineNotice(phase: Step, name?: string): Notice {
  return info('not-resumed', () => {
    const peer = name ?? theOtherPerson();
    return phase === 'searching'
      ? msg('You lost your place in the queue while you were offline. Look for a stranger again.', { id: 'notice.offline-searching' })
      : phase === 'outgoing'
        ? msg(str`Your call request to ${peer} ended while you were offline.`, { id: 'notice.offline-outgoing' })
        : phase === 'incoming'
          ? msg(str`The call from ${peer} ended while you were offline.`, { id: 'notice.offline-incoming' })
          : msg(str`Your call with ${peer} ended while you were offline.`, { id: 'notice.offline-in-call' });
  });
}

/** Stands for a name that is not known. */
export const theOtherPerson = (): string => msg('the other person', { id: 'peer.unknown' });

/** The person you called did not take the call. */
export function rejectedNotice(by: string, reason: RejectReason): Notice {
  return info(reason, () =>
    reason === 'timeout'
      ? msg(str`${by} didn't answer. Try again later.`, { id: 'notice.rejected-timeout' })
      : reason === 'unavailable'
        ? msg(str`${by} went offline before answering.`, { id: 'notice.rejected-unavailable' })
        : reason === 'media'
          ? msg(str`${by} couldn't start the camera, so the call didn't start.`, { id: 'notice.rejected-media' })
          : msg(str`${by} declined your call.`, { id: 'notice.rejected' }),
  );
}

/** The person calling you withdrew. */
export function canceledNotice(by: string, reason: CancelReason): Notice {
  return info(reason, () =>
    reason === 'timeout'
      ? msg(str`You missed a call from ${by}.`, { id: 'notice.canceled-timeout' })
      : reason === 'unavailable'
        ? msg(str`${by} went offline, so the call was withdrawn.`, { id: 'notice.canceled-unavailable' })
        : reason === 'media'
          ? msg(str`${by} couldn't start the camera, so the call was withdrawn.`, { id: 'notice.canceled-media' })
          : msg(str`${by} canceled the call.`, { id: 'notice.canceled' }),
  );
}

/** The other person ended the call (`lost`: their path had broken). */
export function endedNotice(by: string, reason: EndReason, matched: boolean, lost: boolean): Notice {
  if (reason === 'media') return info('peer-media', () => msg(str`${by} couldn't start the camera, so the call ended.`, { id: 'notice.ended-media' }));
  if (matched && reason === 'hangup') return STRANGER_LEFT;
  if (reason === 'disconnected' || lost) {
    return info('peer-disconnected', () => msg(str`${by}'s connection dropped, so the call ended.`, { id: 'notice.ended-disconnected' }));
  }
  return info('peer-hangup', () => msg(str`${by} hung up.`, { id: 'notice.ended-hangup' }));
}

/** Connecting failed. */
export function connectNotice(e: unknown): Notice {
  if (!(e instanceof SignalingError)) return error('INTERNAL', () => msg('Connecting failed. Try again.', { id: 'notice.connect-failed' }));
  switch (e.code) {
    case 'USERNAME_TAKEN':
      return error(e.code, () => msg('That name is taken — pick another.', { id: 'notice.username-taken' }));
    case 'INVALID_USERNAME':
      return error(e.code, () =>
        msg('Names are 1–32 letters or digits, and may use “_”, “-” and “.”. Pick another.', { id: 'notice.invalid-username' }),
      );
    case 'UNAUTHORIZED':
      // The server's sentence is for developers ("CONNECT { token }"); the person needs what to do.
      return error(e.code, () =>
        msg('Your sign-in was not accepted (it may have expired). Sign in to the site again, then try again.', { id: 'notice.unauthorized' }),
      );
    default:
      return asNotice(e);
  }
}

/** Calling `to` failed. */
export function requestCallNotice(e: unknown, to: string): Notice {
  if (!(e instanceof SignalingError)) return error('INTERNAL', () => msg('The call could not be placed. Try again.', { id: 'notice.call-failed' }));
  switch (e.code) {
    case 'USER_NOT_FOUND':
      return info(e.code, () => msg(str`Nobody called ${to} is online. Check the name and try again.`, { id: 'notice.user-not-found' }));
    case 'USER_BUSY':
      return info(e.code, () => msg(str`${to} is busy in another call. Try again later.`, { id: 'notice.user-busy' }));
    case 'SELF_CALL':
      return SELF_CALL;
    case 'INVALID_USERNAME':
      return error(e.code, () => msg(str`“${to}” is not a valid name.`, { id: 'notice.invalid-callee' }));
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
export const commonNotice = (common: readonly string[]): Notice => info('common-interests', () => msg(str`You both like: ${common.join(', ')}`, { id: 'notice.common-interests' }));
