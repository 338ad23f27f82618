// Payload checks at the edge. Each check returns the payload narrowed to its
// type in the wire contract, or the error to answer with, so handlers read
// `payload.to` without casts. Hand-written rather than a schema library:
// the shapes are few and flat, the checks run on the relay hot path without
// allocating, and each failure maps to the exact code and sentence the
// protocol asks for. Relayed objects are rebuilt from known fields only, so
// nothing a client adds (`__proto__`, huge extras) travels on.
import { SignalingError, fail } from '../errors.js';
import { parseInterests } from '../rules/interests.js';
import { identityKey } from '../identity/names.js';
import { MAX_CANDIDATE_BATCH, REPORT_REASONS } from '../../protocol/index.js';
import type { ClientPayload, ConnectPayload, IceCandidate, MediaReason, ReportReason, SessionDescription } from '../../protocol/index.js';

export const MAX_SDP = 65_536;
export const MAX_CANDIDATE = 2_048;
/** Longest `to`/`from`/`as`/`resume` string worth reading at all. */
const MAX_FIELD = 4_096;

type Obj = Record<string, unknown>;
export type DescriptorPayload = ClientPayload<'SEND_CALLER_DESCRIPTOR'>;
export type CandidatePayload = ClientPayload<'SEND_ICE_CANDIDATE'>;
export type EmptyPayload = ClientPayload<'LEAVE_QUEUE'>;

/** A payload that passed its check, or the reason it did not. */
export type Checked<P> = P | SignalingError;

const NOTHING: EmptyPayload & ConnectPayload = Object.freeze({});

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function invalid(message: string): SignalingError {
  return fail('INVALID_PAYLOAD', message);
}

/** The one place a checked object becomes its contract type: every field it declares was checked just before. */
function checked<P>(payload: Obj): P {
  return payload as P;
}

/** `CONNECT`: no payload, or `{ as?, resume?, features? }`: string fields, `features` an array of strings. */
export function checkConnect(payload: unknown): Checked<ConnectPayload> {
  if (absent(payload)) return NOTHING;
  if (!isObject(payload)) return invalid('CONNECT takes an object like { as: "alice" }.');
  if (!absent(payload.as) && typeof payload.as !== 'string') return invalid('"as" must be a string.');
  if (!absent(payload.resume) && typeof payload.resume !== 'string') return invalid('"resume" must be a string.');
  const features = payload.features;
  if (!absent(features) && !(Array.isArray(features) && features.every((f) => typeof f === 'string'))) {
    return invalid('"features" must be an array of strings like ["candidate-batch"].');
  }
  return checked(payload);
}

/** Whether a checked CONNECT announced `feature`. */
export function announces(payload: ConnectPayload | undefined, feature: string): boolean {
  return Array.isArray(payload?.features) && payload.features.includes(feature);
}

/** The `to`/`from` field naming one other user; null when it is fine. */
function targetProblem(payload: Obj, field: 'to' | 'from'): SignalingError | null {
  const name = payload[field];
  if (typeof name !== 'string') return invalid(`"${field}" must be a username string.`);
  if (name.length > MAX_FIELD) return invalid(`"${field}" is far too long to be a username.`);
  return null;
}

function notAnObject(field: 'to' | 'from'): SignalingError {
  return invalid(`This event takes an object like { ${field}: "bob" }.`);
}

/** Events naming one other user in `field` (`to` or `from`). */
export function checkTarget<F extends 'to' | 'from'>(payload: unknown, field: F): Checked<Record<F, string>> {
  if (!isObject(payload)) return notAnObject(field);
  return targetProblem(payload, field) ?? checked(payload);
}

/** `FIND_MATCH` / `LEAVE_QUEUE`: an object, or nothing (null counts as nothing, as for CONNECT). */
export function checkEmpty(payload: unknown): Checked<EmptyPayload> {
  if (absent(payload) || isObject(payload)) return NOTHING;
  return invalid('This event takes an empty object {}.');
}

/** The `reason` of REJECT_CALL / CANCEL_CALL / HANG_UP: only "media" is relayed, anything else is ignored (never refused). */
export function mediaReason(payload: object): MediaReason | null {
  return (payload as Obj).reason === 'media' ? 'media' : null;
}

/** `FIND_MATCH { interests? }`, the interests in compared form (NFKC, lower case, without repeats). */
export interface CheckedFindMatch {
  interests: string[];
}

export function checkFindMatch(payload: unknown): Checked<CheckedFindMatch> {
  if (absent(payload)) return { interests: [] };
  if (!isObject(payload)) return invalid('FIND_MATCH takes an object like { interests: ["chess"] } or {}.');
  const interests = parseInterests(payload.interests);
  return Array.isArray(interests) ? { interests } : interests;
}

/** BLOCK / UNBLOCK / REPORT name someone: `name` with the identity key of a valid name. */
export interface NamedPayload {
  name: string;
  key: string;
}

function named(payload: Obj, event: string): Checked<NamedPayload> {
  const name = payload.name;
  if (typeof name !== 'string') return invalid(`${event} takes { name: "bob" }: "name" must be a username string.`);
  const key = name.length > MAX_FIELD ? null : identityKey(name);
  if (key === null) return invalid(`"${name.slice(0, 64)}" is not a valid username.`);
  return { name, key };
}

export function checkNamed(event: 'BLOCK' | 'UNBLOCK'): (payload: unknown) => Checked<NamedPayload> {
  return (payload) => (isObject(payload) ? named(payload, event) : invalid(`${event} takes an object like { name: "bob" }.`));
}

export function checkReport(payload: unknown): Checked<NamedPayload & { reason: ReportReason }> {
  if (!isObject(payload)) return invalid('REPORT takes an object like { name: "bob", reason: "abuse" }.');
  const target = named(payload, 'REPORT');
  if (target instanceof SignalingError) return target;
  const reason = payload.reason;
  if (typeof reason !== 'string' || !(REPORT_REASONS as readonly string[]).includes(reason)) {
    return invalid(`"reason" must be one of ${REPORT_REASONS.map((r) => `"${r}"`).join(', ')}.`);
  }
  return { ...target, reason: reason as ReportReason };
}

export function checkDescriptor(payload: unknown, type: SessionDescription['type']): Checked<DescriptorPayload> {
  if (!isObject(payload)) return notAnObject('to');
  const problem = targetProblem(payload, 'to');
  if (problem) return problem;
  const sdp = payload.sdp;
  if (!isObject(sdp)) return invalid('"sdp" must be an RTCSessionDescriptionInit object.');
  if (sdp.type !== type) return invalid(`"sdp.type" must be "${type}" for this event.`);
  if (typeof sdp.sdp !== 'string') return invalid('"sdp.sdp" must be a string.');
  if (sdp.sdp.length > MAX_SDP) return fail('PAYLOAD_TOO_LARGE', `"sdp.sdp" is over ${MAX_SDP} characters.`);
  return checked(payload);
}

/** One RTCIceCandidateInit, named `field` in the messages; null when it is fine. */
function candidateProblem(c: unknown, field: string): SignalingError | null {
  if (!isObject(c)) return invalid(`"${field}" must be an RTCIceCandidateInit object.`);
  if (typeof c.candidate !== 'string') return invalid(`"${field}.candidate" must be a string.`);
  if (!absent(c.sdpMid) && typeof c.sdpMid !== 'string') return invalid(`"${field}.sdpMid" must be a string or null.`);
  const line = c.sdpMLineIndex;
  if (!absent(line) && !(typeof line === 'number' && Number.isInteger(line) && line >= 0 && line < 65_536)) {
    return invalid(`"${field}.sdpMLineIndex" must be a small non-negative integer or null.`);
  }
  if (!absent(c.usernameFragment) && typeof c.usernameFragment !== 'string') {
    return invalid(`"${field}.usernameFragment" must be a string or null.`);
  }
  if (c.candidate.length > MAX_CANDIDATE) return fail('PAYLOAD_TOO_LARGE', `"${field}.candidate" is over ${MAX_CANDIDATE} characters.`);
  const extras = [c.sdpMid, c.usernameFragment];
  for (const extra of extras) {
    if (typeof extra === 'string' && extra.length > MAX_CANDIDATE) return fail('PAYLOAD_TOO_LARGE', 'A candidate field is too long.');
  }
  return null;
}

/**
 * `SEND_ICE_CANDIDATE { to, candidate }`, or (v2.1) `{ to, candidates }`
 * with 1–MAX_CANDIDATE_BATCH candidates from a connection that announced
 * "candidate-batch" (`batches`). Each is checked as a single one is; one bad
 * candidate refuses the whole batch.
 */
export function checkCandidate(payload: unknown, batches = false): Checked<CandidatePayload> {
  if (!isObject(payload)) return notAnObject('to');
  const problem = targetProblem(payload, 'to');
  if (problem) return problem;
  const many = payload.candidates;
  if (absent(many)) return candidateProblem(payload.candidate, 'candidate') ?? checked(payload);
  if (!absent(payload.candidate)) return invalid('Send "candidate" or "candidates", not both.');
  if (!batches) return invalid('"candidates" needs the "candidate-batch" feature, announced in CONNECT.');
  if (!Array.isArray(many) || many.length === 0 || many.length > MAX_CANDIDATE_BATCH) {
    return invalid(`"candidates" must be an array of 1–${MAX_CANDIDATE_BATCH} RTCIceCandidateInit objects.`);
  }
  for (let i = 0; i < many.length; i++) {
    const bad = candidateProblem(many[i], `candidates[${i}]`);
    if (bad) return bad;
  }
  return checked(payload);
}

/** A clean copy of a checked descriptor: only the two defined fields. */
export function cleanDescriptor(sdp: SessionDescription): SessionDescription {
  return { type: sdp.type, sdp: sdp.sdp };
}

/** A clean copy of a checked candidate: only the fields `RTCIceCandidateInit` defines. */
export function cleanCandidate(c: IceCandidate): IceCandidate {
  const out: IceCandidate = { candidate: c.candidate };
  if (!absent(c.sdpMid)) out.sdpMid = c.sdpMid;
  if (!absent(c.sdpMLineIndex)) out.sdpMLineIndex = c.sdpMLineIndex;
  if (!absent(c.usernameFragment)) out.usernameFragment = c.usernameFragment;
  return out;
}
