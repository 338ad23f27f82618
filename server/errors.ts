// Protocol errors: a code from docs/protocol.md and a sentence a person can
// read. The error class is the one the browser client rejects with too
// (protocol/errors.ts); this module keeps the server's short way to make one.
import { SignalingError, type ErrorCode } from '../protocol/index.js';
export { MESSAGES, SignalingError } from '../protocol/index.js';

export function fail(code: ErrorCode, message: string): SignalingError {
  return new SignalingError(code, message);
}
