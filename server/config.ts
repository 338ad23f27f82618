// Configuration from the environment. A bad value stops start-up with one
// line naming the variable, rather than a server that half works.
import type { IceServer } from '../protocol/index.js';
import type { TurnOptions } from './turn.js';

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

function redisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw.trim()).protocol;
  } catch {
    // reported below; the value itself may hold a password, so it is not echoed
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL must be a URL like redis://127.0.0.1:6379 (rediss:// for TLS).');
  }
  return raw.trim();
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
  };
}
