// Payload checks at the edge. Hand-written rather than a schema library:
// the shapes are few and flat, the checks run on the relay hot path without
// allocating, and each failure maps to the exact code and sentence the
// protocol asks for. Relayed objects are rebuilt from known fields only, so
// nothing a client adds (`__proto__`, huge extras) travels on.
import { fail, type SignalingError } from './errors.js';
import type { IceCandidate, SessionDescription } from '../protocol/index.js';

export const MAX_SDP = 65_536;
export const MAX_CANDIDATE = 2_048;
/** Longest `to`/`from`/`as`/`resume` string worth reading at all. */
const MAX_FIELD = 4_096;

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function invalid(message: string): SignalingError {
  return fail('INVALID_PAYLOAD', message);
}

/** `CONNECT`: no payload, or `{ as?, resume? }` with string fields. */
export function checkConnect(payload: unknown): SignalingError | null {
  if (absent(payload)) return null;
  if (!isObject(payload)) return invalid('CONNECT takes an object like { as: "alice" }.');
  if (!absent(payload.as) && typeof payload.as !== 'string') return invalid('"as" must be a string.');
  if (!absent(payload.resume) && typeof payload.resume !== 'string') return invalid('"resume" must be a string.');
  return null;
}

/** Events naming one other user in `field` (`to` or `from`). */
export function checkTarget(payload: unknown, field: 'to' | 'from'): SignalingError | null {
  if (!isObject(payload)) return invalid(`This event takes an object like { ${field}: "bob" }.`);
  const name = payload[field];
  if (typeof name !== 'string') return invalid(`"${field}" must be a username string.`);
  if (name.length > MAX_FIELD) return invalid(`"${field}" is far too long to be a username.`);
  return null;
}

/** `FIND_MATCH` / `LEAVE_QUEUE`: an object, or nothing (null counts as nothing, as for CONNECT). */
export function checkEmpty(payload: unknown): SignalingError | null {
  if (absent(payload) || isObject(payload)) return null;
  return invalid('This event takes an empty object {}.');
}

export function checkDescriptor(payload: unknown, type: 'offer' | 'answer'): SignalingError | null {
  const error = checkTarget(payload, 'to');
  if (error) return error;
  const sdp = (payload as Obj).sdp;
  if (!isObject(sdp)) return invalid('"sdp" must be an RTCSessionDescriptionInit object.');
  if (sdp.type !== type) return invalid(`"sdp.type" must be "${type}" for this event.`);
  if (typeof sdp.sdp !== 'string') return invalid('"sdp.sdp" must be a string.');
  if (sdp.sdp.length > MAX_SDP) return fail('PAYLOAD_TOO_LARGE', `"sdp.sdp" is over ${MAX_SDP} characters.`);
  return null;
}

export function checkCandidate(payload: unknown): SignalingError | null {
  const error = checkTarget(payload, 'to');
  if (error) return error;
  const c = (payload as Obj).candidate;
  if (!isObject(c)) return invalid('"candidate" must be an RTCIceCandidateInit object.');
  if (typeof c.candidate !== 'string') return invalid('"candidate.candidate" must be a string.');
  if (!absent(c.sdpMid) && typeof c.sdpMid !== 'string') return invalid('"candidate.sdpMid" must be a string or null.');
  if (!absent(c.sdpMLineIndex) && !(Number.isInteger(c.sdpMLineIndex) && (c.sdpMLineIndex as number) >= 0 && (c.sdpMLineIndex as number) < 65_536)) {
    return invalid('"candidate.sdpMLineIndex" must be a small non-negative integer or null.');
  }
  if (!absent(c.usernameFragment) && typeof c.usernameFragment !== 'string') {
    return invalid('"candidate.usernameFragment" must be a string or null.');
  }
  if (c.candidate.length > MAX_CANDIDATE) return fail('PAYLOAD_TOO_LARGE', `"candidate.candidate" is over ${MAX_CANDIDATE} characters.`);
  const extras = [c.sdpMid, c.usernameFragment];
  for (const extra of extras) {
    if (typeof extra === 'string' && extra.length > MAX_CANDIDATE) return fail('PAYLOAD_TOO_LARGE', 'A candidate field is too long.');
  }
  return null;
}

/** A clean copy of a checked descriptor: only the two defined fields. */
export function cleanDescriptor(sdp: Obj): SessionDescription {
  return { type: sdp.type as SessionDescription['type'], sdp: sdp.sdp as string };
}

/** A clean copy of a checked candidate: only the fields `RTCIceCandidateInit` defines. */
export function cleanCandidate(c: Obj): IceCandidate {
  const out: IceCandidate = { candidate: c.candidate as string };
  if (!absent(c.sdpMid)) out.sdpMid = c.sdpMid as string;
  if (!absent(c.sdpMLineIndex)) out.sdpMLineIndex = c.sdpMLineIndex as number;
  if (!absent(c.usernameFragment)) out.usernameFragment = c.usernameFragment as string;
  return out;
}
