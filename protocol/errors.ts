// Error codes of the wire contract (docs/protocol.md, "Error codes") and the
// default sentence for each: one list for the server and the browser client.

export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'PAYLOAD_TOO_LARGE',
  'INVALID_USERNAME',
  'USERNAME_TAKEN',
  'ALREADY_CONNECTED',
  'NOT_CONNECTED',
  'USER_NOT_FOUND',
  'SELF_CALL',
  'USER_BUSY',
  'ALREADY_IN_CALL',
  'NO_SUCH_REQUEST',
  'NOT_IN_CALL',
  'WRONG_ROLE',
  'RATE_LIMITED',
  'UNKNOWN_EVENT',
  'TRY_LATER',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

/** Default sentences, for errors raised without a more specific one. */
export const MESSAGES: Record<ErrorCode, string> = {
  INVALID_PAYLOAD: 'The request is malformed.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  INVALID_USERNAME:
    'A username is 1 to 32 letters, digits, "_", "-" or "." with no spaces.',
  USERNAME_TAKEN: 'That username is already taken.',
  ALREADY_CONNECTED: 'This connection already has a username.',
  NOT_CONNECTED: 'Connect with a username first.',
  USER_NOT_FOUND: 'Nobody with that name is online.',
  SELF_CALL: 'You cannot call yourself.',
  USER_BUSY: 'That person is busy in another call.',
  ALREADY_IN_CALL: 'You are already in a call or a pending request.',
  NO_SUCH_REQUEST: 'There is no such pending call request.',
  NOT_IN_CALL: 'You are not in a call with that person.',
  WRONG_ROLE: 'Only the caller sends offers and only the recipient sends answers.',
  RATE_LIMITED: 'Too many requests; slow down and try again in a moment.',
  UNKNOWN_EVENT: 'The server does not know this event.',
  TRY_LATER: 'Not now: please try again later.',
  UNAUTHORIZED: 'This service needs a valid sign-in from the site; sign in again.',
  INTERNAL: 'The server failed to handle the request; please try again.',
};

/**
 * A refused or failed signaling request, on both sides of the wire: the
 * server throws it and answers with `toJSON()` (a `ProtocolError`); the
 * browser client rejects with it (the server's code and sentence, or a code
 * of its own when there was no answer to read). `code` is for programs,
 * `message` for people.
 */
export class SignalingError<Code extends string = ErrorCode> extends Error {
  override readonly name = 'SignalingError';

  constructor(
    readonly code: Code,
    message: string,
    /** The sentence in the reader's current language, when its writer can say it again (the client's own errors). */
    readonly text?: () => string,
  ) {
    super(message);
  }

  /** What a failed ack carries: the code and the sentence, nothing else. */
  toJSON(): { code: Code; message: string } {
    return { code: this.code, message: this.message };
  }
}
