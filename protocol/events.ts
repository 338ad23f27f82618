// The wire contract (docs/protocol.md): event maps and payload types, shared
// by the server and the browser client. Types describe well-behaved peers
// only: the server still validates every payload at the edge.
import type { ProtocolError } from './errors.js';

export type Ack<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; error: ProtocolError };

export type AckFn<T extends object = object> = (answer: Ack<T>) => void;

/** What `RTCSessionDescription.toJSON()` gives. */
export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

/** What `RTCIceCandidate.toJSON()` gives; `candidate` is required. */
export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** v2.1: the optional features a client and server may share (docs/protocol.md, "Candidate batches"). */
export const FEATURES = ['candidate-batch'] as const;
export type Feature = (typeof FEATURES)[number];

/** v2.1: the most candidates one `SEND_ICE_CANDIDATE { candidates }` may carry. */
export const MAX_CANDIDATE_BATCH = 20;

export interface ConnectPayload {
  as?: string | null;
  resume?: string | null;
  /** v2: a JWT signed by the site, required when the server has a verification key. */
  token?: string | null;
  /** v2.1: the features this client speaks; unknown ones are ignored. */
  features?: string[] | null;
}

export interface ConnectResult {
  username: string;
  iceServers: IceServer[];
  resume: string;
  /** v2: true only when an existing session (name with its call, request or queue place) was taken over. */
  resumed: boolean;
  /** v2.1: the features the server supports (absent from older servers). */
  features?: Feature[];
  /** Extension: the operator wants a still frame attached to REPORT (`evidence`); absent when not. */
  reportEvidence?: true;
}

/** v2.1: one candidate, or (with "candidate-batch" announced) 1–20 of them in order. */
export type CandidatePayload<Party extends 'to' | 'from'> =
  | ({ [K in Party]: string } & { candidate: IceCandidate; candidates?: undefined })
  | ({ [K in Party]: string } & { candidates: IceCandidate[]; candidate?: undefined });

/** v2: the one reason a client may give when ending: its camera or microphone could not start. */
export type MediaReason = 'media';
export type RejectReason = 'rejected' | 'timeout' | 'unavailable' | MediaReason;
export type CancelReason = 'canceled' | 'timeout' | 'unavailable' | MediaReason;
export type EndReason = 'hangup' | 'disconnected' | MediaReason;
export type Role = 'caller' | 'recipient';

/** v2: why a person reports someone they were randomly matched with. */
export const REPORT_REASONS = ['abuse', 'nudity', 'spam', 'underage', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export interface ReportPayload {
  name: string;
  reason: ReportReason;
  /** Extension, only when the CONNECT ack said `reportEvidence`: one still frame of the reported video, base64 JPEG, at most 65,536 characters. */
  evidence?: string | null;
}

/** v2: up to 10 interests, each 1–32 characters after trimming. */
export interface FindMatchPayload {
  interests?: string[] | null;
}

export interface ClientToServerEvents {
  CONNECT: (payload: ConnectPayload, ack?: AckFn<ConnectResult>) => void;
  REQUEST_CALL: (payload: { to: string }, ack?: AckFn) => void;
  ACCEPT_CALL: (payload: { from: string }, ack?: AckFn) => void;
  REJECT_CALL: (payload: { from: string; reason?: MediaReason | null }, ack?: AckFn) => void;
  CANCEL_CALL: (payload: { to: string; reason?: MediaReason | null }, ack?: AckFn) => void;
  HANG_UP: (payload: { to: string; reason?: MediaReason | null }, ack?: AckFn) => void;
  SEND_CALLER_DESCRIPTOR: (payload: { to: string; sdp: SessionDescription }, ack?: AckFn) => void;
  SEND_RECIPIENT_DESCRIPTOR: (payload: { to: string; sdp: SessionDescription }, ack?: AckFn) => void;
  SEND_ICE_CANDIDATE: (payload: CandidatePayload<'to'>, ack?: AckFn) => void;
  FIND_MATCH: (payload: FindMatchPayload, ack?: AckFn) => void;
  LEAVE_QUEUE: (payload: Record<string, never>, ack?: AckFn) => void;
  /** v2: never hear from `name` again (for this session; kept across sessions for signed identities). */
  BLOCK: (payload: { name: string }, ack?: AckFn) => void;
  /** v2: undo a BLOCK. */
  UNBLOCK: (payload: { name: string }, ack?: AckFn) => void;
  /** v2: report someone the queue paired you with in the last 10 minutes; also blocks them. */
  REPORT: (payload: ReportPayload, ack?: AckFn) => void;
}

export interface ServerToClientEvents {
  CALL_REQUESTED: (payload: { from: string }) => void;
  CALL_ACCEPTED: (payload: { by: string }) => void;
  CALL_REJECTED: (payload: { by: string; reason: RejectReason }) => void;
  CALL_CANCELED: (payload: { by: string; reason: CancelReason }) => void;
  CALL_ENDED: (payload: { by: string; reason: EndReason }) => void;
  CALLER_DESCRIPTOR_RECEIVED: (payload: { from: string; sdp: SessionDescription }) => void;
  RECIPIENT_DESCRIPTOR_RECEIVED: (payload: { from: string; sdp: SessionDescription }) => void;
  /** v2.1: `candidates` only to a client that announced "candidate-batch". */
  ICE_CANDIDATE_RECEIVED: (payload: CandidatePayload<'from'>) => void;
  /** `common` (v2): the shared interests in their compared form (NFKC, lower case). */
  MATCHED: (payload: { peer: string; role: Role; common: string[] }) => void;
  /** Extension: the server is going away; `reason` is a sentence to show. */
  SERVER_CLOSING: (payload: { reason: string }) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

/** Payload type of a client → server event. */
export type ClientPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
