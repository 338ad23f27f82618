// Evidence for moderators (REPORT_EVIDENCE=1, an extension; docs/protocol.md,
// "This implementation"): a REPORT may carry `evidence`, one still frame of
// what the reporter's screen showed, as a base64 JPEG. It is checked like
// every payload — size first, then that it really is base64 and a JPEG —
// and passed to the report webhook as it came; the server never stores it.
import { SignalingError, fail } from '../errors.js';

/** At most this many base64 characters (48 KiB of JPEG): a small frame, well under the transport limit. */
export const MAX_EVIDENCE = 65_536;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The evidence of a REPORT payload: null when absent, the base64 JPEG, or why it is refused. */
export function checkEvidence(value: unknown): string | null | SignalingError {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return fail('INVALID_PAYLOAD', '"evidence" must be a base64 JPEG string.');
  if (value.length > MAX_EVIDENCE) {
    return fail('PAYLOAD_TOO_LARGE', `"evidence" is ${value.length} characters; at most ${MAX_EVIDENCE} (a small JPEG) are accepted.`);
  }
  if (value.length % 4 !== 0 || !BASE64.test(value)) return fail('INVALID_PAYLOAD', '"evidence" must be base64 (without a data: prefix).');
  const bytes = Buffer.from(value, 'base64');
  // A JPEG starts with SOI and a marker (FF D8 FF) and ends with EOI (FF D9).
  const jpeg =
    bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  if (!jpeg) return fail('INVALID_PAYLOAD', '"evidence" must be a JPEG image.');
  return value;
}
