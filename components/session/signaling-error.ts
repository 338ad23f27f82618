// The error a signaling request rejects with: the class the server throws
// too (protocol/errors.ts), with the codes only the client produces.
import { SignalingError as ProtocolSignalingError, type ErrorCode } from '../../protocol/index.js';

/**
 * Codes a signaling request can fail with: the protocol's own codes, plus the
 * ones the client produces itself when there is no answer to read.
 */
export type SignalingErrorCode =
  | ErrorCode
  /** The server could not be reached (first connection). */
  | 'UNREACHABLE'
  /** The server does not accept pages from this site's origin (its CORS_ORIGINS). */
  | 'ORIGIN_REFUSED'
  /** The server did not answer a request in time. */
  | 'TIMEOUT'
  /** The connection is closed for good (deliberately, by the server, or given up on). */
  | 'CLOSED';

/** A failed signaling request: `code` for programs, `message` for people, `text` in the page's current language. */
export type SignalingError = ProtocolSignalingError<SignalingErrorCode>;
// The same class, typed with the client's codes (spelled out, so the declaration names no Node-only statics).
export const SignalingError: {
  new (code: SignalingErrorCode, message: string, text?: () => string): SignalingError;
  readonly prototype: SignalingError;
} = ProtocolSignalingError;
