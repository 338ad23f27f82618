// Configuration from the environment. A bad value stops start-up with one
// line naming the variable, rather than a server that half works.
import type { IceServer } from '../protocol/index.js';
import { AuthConfigError, createTokenVerifier, type AuthOptions } from './identity/auth-token.js';
import type { TurnOptions } from './signaling/turn.js';

/**
 * The protocol v2 settings (docs/protocol.md), as options of the server
 * factory: each is optional there and takes the default named beside it.
 * `npm start` fills them from the environment variable of the same name in
 * upper snake case (loadConfig below).
 */
export interface ProtocolV2Options extends AuthOptions {
  /** A connection without a completed CONNECT is closed after this long (CONNECT_TIMEOUT_MS, 10000). */
  connectTimeoutMs?: number;
  /** Connections at a time from one client address, loopback not counted (MAX_CONNECTIONS_PER_IP, 50). */
  maxConnectionsPerIp?: number;
  /** Take the client address from the last X-Forwarded-For entry (TRUST_PROXY=1; default off). */
  trustProxy?: boolean;
  /** Queued users without a shared interest are paired after this wait (INTEREST_WAIT_MS, 5000). */
  interestWaitMs?: number;
  /** Different reporters within an hour that suspend someone from matching (REPORT_THRESHOLD, 3). */
  reportThreshold?: number;
  /** How long such a suspension lasts (REPORT_SUSPEND_MS, 3600000). */
  reportSuspendMs?: number;
  /** Reports are POSTed here as JSON when set (REPORT_WEBHOOK_URL). */
  reportWebhookUrl?: string;
  /** v2.1: a report counts only when its reporter had been connected this long when the match began (REPORT_MIN_AGE_MS, 120000). */
  reportMinAgeMs?: number;
  /** Clients attach a still frame to REPORT and the webhook gets it (REPORT_EVIDENCE=1; default off). */
  reportEvidence?: boolean;
  /** GET /metrics needs `Authorization: Bearer <token>`; unset = /metrics is not served (METRICS_TOKEN). */
  metricsToken?: string;
  /** CSP frame-ancestors: who may frame the pages (FRAME_ANCESTORS, 'self'). */
  frameAncestors?: string[];
}

/** The defaults of ProtocolV2Options, for the code that applies them. */
export const PROTOCOL_V2_DEFAULTS = {
  connectTimeoutMs: 10_000,
  maxConnectionsPerIp: 50,
  trustProxy: false,
  interestWaitMs: 5_000,
  reportThreshold: 3,
  reportSuspendMs: 3_600_000,
  reportMinAgeMs: 120_000,
  frameAncestors: ["'self'"],
} as const;

export interface Config {
  port: number;
  /** Interface to listen on; undefined = all. */
  host: string | undefined;
  ringTimeoutMs: number;
  resumeGraceMs: number;
  iceServers: IceServer[];
  /** Origins allowed to embed the components; '*' = any. */
  corsOrigins: '*' | string[];
  /** Set when both TURN_URLS and TURN_SECRET are. */
  turn: TurnOptions | undefined;
  /** Processes given the same Redis form one cluster; undefined = everything in this process. */
  redisUrl: string | undefined;
  logLevel: 'info' | 'silent';
  connectTimeoutMs: number;
  maxConnectionsPerIp: number;
  trustProxy: boolean;
  interestWaitMs: number;
  reportThreshold: number;
  reportSuspendMs: number;
  reportWebhookUrl: string | undefined;
  reportMinAgeMs: number;
  reportEvidence: boolean;
  authSecret: string | undefined;
  authPublicKeyFile: string | undefined;
  authAudience: string | undefined;
  authNameClaim: string | undefined;
  metricsToken: string | undefined;
  frameAncestors: string[];
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function iceServers(raw: string | undefined): IceServer[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('ICE_SERVERS must be a JSON array of RTCIceServer objects; it is not valid JSON.');
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.every((s) => {
      if (typeof s !== 'object' || s === null) return false;
      const urls = (s as IceServer).urls;
      const okUrls = typeof urls === 'string' || (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string'));
      const { username, credential } = s as IceServer;
      return okUrls && (username === undefined || typeof username === 'string') && (credential === undefined || typeof credential === 'string');
    });
  if (!valid) {
    throw new ConfigError('ICE_SERVERS must be a JSON array of objects like {"urls":"stun:stun.example.org:3478"}.');
  }
  return parsed as IceServer[];
}

function origins(raw: string | undefined): '*' | string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return '*';
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS must be "*" or comma-separated origins like https://shop.example; "${origin}" is not one.`);
    }
    if (url.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS entries are bare origins (scheme://host[:port]); use "${url.origin}" rather than "${origin}".`);
    }
  }
  return list;
}

function turn(env: NodeJS.ProcessEnv): TurnOptions | undefined {
  const urls = (env.TURN_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const secret = env.TURN_SECRET ?? '';
  if (urls.length === 0 && secret === '') return undefined;
  if (urls.length === 0) throw new ConfigError('TURN_URLS must be set with TURN_SECRET, e.g. "turn:turn.example.org:3478".');
  if (secret === '') throw new ConfigError('TURN_SECRET must be set with TURN_URLS (coturn\'s static-auth-secret).');
  for (const url of urls) {
    if (!/^turns?:[^\s]+$/.test(url)) throw new ConfigError(`TURN_URLS entries look like "turn:host:3478" or "turns:host:5349"; "${url}" does not.`);
  }
  return { urls, secret, ttlSeconds: integer(env, 'TURN_TTL_SECONDS', 3600, 60, 604_800) };
}

/**
 * A URL setting whose scheme must be one of `protocols`. The value may carry a
 * password or a key, so a refusal never echoes it.
 */
function secretUrl(raw: string | undefined, protocols: string[], refusal: string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw.trim()).protocol;
  } catch {
    // refused below
  }
  if (!protocols.includes(protocol)) throw new ConfigError(refusal);
  return raw.trim();
}

const redisUrl = (raw: string | undefined) =>
  secretUrl(raw, ['redis:', 'rediss:'], 'REDIS_URL must be a URL like redis://127.0.0.1:6379 (rediss:// for TLS).');

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError(`${name} must be 1 or unset, got "${raw}".`);
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

const webhook = (raw: string | undefined) =>
  secretUrl(raw, ['http:', 'https:'], 'REPORT_WEBHOOK_URL must be an http:// or https:// URL.');

// CSP source expressions frame-ancestors accepts: 'self', 'none' (alone),
// *, a scheme (https:), or an origin whose host may start with *. and whose
// port may be *.
const FRAME_SOURCE = /^(?:'self'|\*|[a-z][a-z0-9+.-]*:|[a-z][a-z0-9+.-]*:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?)$/i;

function frameAncestors(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [...PROTOCOL_V2_DEFAULTS.frameAncestors];
  const list = raw.split(/[\s,]+/).filter(Boolean);
  if (list.length === 1 && list[0] === "'none'") return list;
  for (const source of list) {
    if (!FRAME_SOURCE.test(source)) {
      throw new ConfigError(`FRAME_ANCESTORS must be 'self', 'none' or origins like https://shop.example separated by spaces; "${source}" is not one.`);
    }
  }
  return list;
}

function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new ConfigError('METRICS_TOKEN must be printable ASCII without spaces (it is sent as "Authorization: Bearer <token>").');
  return raw;
}

function auth(env: NodeJS.ProcessEnv): Pick<Config, 'authSecret' | 'authPublicKeyFile' | 'authAudience' | 'authNameClaim'> {
  const options = {
    // A secret is used exactly as given: no trimming.
    authSecret: env.AUTH_SECRET || undefined,
    authPublicKeyFile: text(env, 'AUTH_PUBLIC_KEY_FILE'),
    authAudience: text(env, 'AUTH_AUDIENCE'),
    authNameClaim: text(env, 'AUTH_NAME_CLAIM'),
  };
  try {
    createTokenVerifier(options); // reads and checks the key now, not at the first CONNECT
  } catch (error) {
    if (error instanceof AuthConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return options;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (logLevel !== 'info' && logLevel !== 'silent') throw new ConfigError(`LOG_LEVEL must be "info" or "silent", got "${logLevel}".`);
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    host: env.HOST?.trim() || undefined,
    ringTimeoutMs: integer(env, 'RING_TIMEOUT_MS', 30_000, 1, 86_400_000),
    resumeGraceMs: integer(env, 'RESUME_GRACE_MS', 15_000, 0, 86_400_000),
    iceServers: iceServers(env.ICE_SERVERS),
    corsOrigins: origins(env.CORS_ORIGINS),
    turn: turn(env),
    redisUrl: redisUrl(env.REDIS_URL),
    logLevel,
    connectTimeoutMs: integer(env, 'CONNECT_TIMEOUT_MS', PROTOCOL_V2_DEFAULTS.connectTimeoutMs, 1, 3_600_000),
    maxConnectionsPerIp: integer(env, 'MAX_CONNECTIONS_PER_IP', PROTOCOL_V2_DEFAULTS.maxConnectionsPerIp, 1, 1_000_000),
    trustProxy: flag(env, 'TRUST_PROXY'),
    interestWaitMs: integer(env, 'INTEREST_WAIT_MS', PROTOCOL_V2_DEFAULTS.interestWaitMs, 0, 86_400_000),
    reportThreshold: integer(env, 'REPORT_THRESHOLD', PROTOCOL_V2_DEFAULTS.reportThreshold, 1, 1_000),
    reportSuspendMs: integer(env, 'REPORT_SUSPEND_MS', PROTOCOL_V2_DEFAULTS.reportSuspendMs, 1, 30 * 86_400_000),
    reportWebhookUrl: webhook(env.REPORT_WEBHOOK_URL),
    reportMinAgeMs: integer(env, 'REPORT_MIN_AGE_MS', PROTOCOL_V2_DEFAULTS.reportMinAgeMs, 0, 86_400_000),
    reportEvidence: flag(env, 'REPORT_EVIDENCE'),
    ...auth(env),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    frameAncestors: frameAncestors(env.FRAME_ANCESTORS),
  };
}
