// Protocol errors: a code from docs/protocol.md and a sentence a person can read.
import type { ErrorCode, ProtocolError } from '../protocol/index.js';
export { MESSAGES } from '../protocol/index.js';

export class SignalingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toJSON(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}

export function fail(code: ErrorCode, message: string): SignalingError {
  return new SignalingError(code, message);
}

