// Signed identities (docs/protocol.md, "Signed identities", v2): a site with
// its own accounts signs a JWT naming the user; CONNECT { token } proves the
// name. Verified with `jose`: HS256 with a shared secret, or RS256 / ES256 /
// EdDSA with a PEM public key or a JWK set read from a file. `exp` is
// required, `aud` checked when configured, `alg: none` and every algorithm
// not configured refused before any key is tried.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { parseIdentity, type Identity } from './names.js';

export interface AuthOptions {
  /** HS256 shared secret (AUTH_SECRET); at least 32 characters. */
  authSecret?: string;
  /** A PEM public key (RSA, EC P-256 or Ed25519) or a JWK set as JSON (AUTH_PUBLIC_KEY_FILE). */
  authPublicKeyFile?: string;
  /** When set, the token's `aud` must include it (AUTH_AUDIENCE). */
  authAudience?: string;
  /** The claim holding the name (AUTH_NAME_CLAIM); unset: `name`, else `sub`. */
  authNameClaim?: string;
}

export type TokenCheck =
  | { ok: true; name: Identity; /** `exp`, seconds since the epoch. */ expiresAt: number }
  | { ok: false; message: string };

export type TokenVerifier = (token: unknown) => Promise<TokenCheck>;

/** A configuration that cannot work (unreadable key file, short secret); the message names the setting. */
export class AuthConfigError extends Error {}

export const MIN_SECRET_LENGTH = 32;
// A token is a few hundred bytes; anything this long is not one.
const LONGEST_TOKEN = 16_384;

const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'] as const;

/** The algorithm a PEM public key verifies, from its type. */
function algorithmOf(key: KeyObject): (typeof ASYMMETRIC)[number] {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new AuthConfigError(
    `AUTH_PUBLIC_KEY_FILE must hold an RSA, EC P-256 or Ed25519 public key; this one is ${key.asymmetricKeyType ?? 'unknown'}${key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : ''}.`,
  );
}

interface PublicKeys {
  algorithms: string[];
  key: KeyObject | JWTVerifyGetKey;
}

/**
 * Whether PEM `text` is a private key. Node's createPublicKey accepts one
 * (it derives the public half), so a server handed the site's signing key
 * would start and keep a copy of it in a place it does not belong.
 */
function isPrivateKey(text: string): boolean {
  try {
    createPrivateKey(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads AUTH_PUBLIC_KEY_FILE: a PEM public key or a JWK set. */
function readPublicKeys(file: string): PublicKeys {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuthConfigError(`AUTH_PUBLIC_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`);
  }
  if (text.trimStart().startsWith('{')) {
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(text);
    } catch {
      throw new AuthConfigError('AUTH_PUBLIC_KEY_FILE looks like JSON but is not valid JSON; it must be a JWK set {"keys":[...]}.');
    }
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) {
      throw new AuthConfigError('AUTH_PUBLIC_KEY_FILE must be a JWK set with at least one key, {"keys":[...]}.');
    }
    if (jwks.keys.some((k) => typeof k !== 'object' || k === null || 'd' in k || k.kty === 'oct')) {
      throw new AuthConfigError('AUTH_PUBLIC_KEY_FILE must hold public keys only (no private or symmetric keys).');
    }
    try {
      return { algorithms: [...ASYMMETRIC], key: createLocalJWKSet(jwks) };
    } catch (error) {
      throw new AuthConfigError(`AUTH_PUBLIC_KEY_FILE is not a usable JWK set: ${(error as Error).message}`);
    }
  }
  if (isPrivateKey(text)) {
    throw new AuthConfigError(
      'AUTH_PUBLIC_KEY_FILE holds a private key; give the server only the public half ("-----BEGIN PUBLIC KEY-----"): the private key signs identities and must stay with the site that issues them.',
    );
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new AuthConfigError('AUTH_PUBLIC_KEY_FILE must hold a PEM public key ("-----BEGIN PUBLIC KEY-----") or a JWK set (JSON).');
  }
  return { algorithms: [algorithmOf(key)], key };
}

/** Why jose refused a token, as a sentence for the UNAUTHORIZED message (nothing secret in it). */
function explain(error: unknown, nameClaimAudience: string | undefined): string {
  if (error instanceof errors.JWTExpired) return 'The identity token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return 'The identity token has no valid expiry ("exp").';
    if (error.claim === 'aud') return `The identity token is not for this service (its "aud" must include "${nameClaimAudience}").`;
    if (error.claim === 'nbf') return 'The identity token is not valid yet.';
    return `The identity token's "${error.claim}" claim is not acceptable.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'The identity token is signed with an algorithm this server does not accept.';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'The identity token is not signed by a key this server trusts.';
  }
  return 'The identity token is not a well-formed signed JWT.';
}

/**
 * The verifier for CONNECT { token }, or `undefined` when no key is configured
 * (then tokens are ignored and names are first come, first served). Throws
 * AuthConfigError for a configuration that cannot work.
 */
export function createTokenVerifier(options: AuthOptions): TokenVerifier | undefined {
  const secret = options.authSecret || undefined;
  const file = options.authPublicKeyFile || undefined;
  if (secret === undefined && file === undefined) return undefined;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new AuthConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256 needs a 256-bit secret).`);
  }
  const publicKeys = file === undefined ? undefined : readPublicKeys(file);
  const secretKey = secret === undefined ? undefined : new TextEncoder().encode(secret);
  const algorithms = [...(secretKey ? ['HS256'] : []), ...(publicKeys?.algorithms ?? [])];
  // jose checks the header's alg against `algorithms` before it asks for a
  // key, so a token can never make the public key serve as an HMAC secret.
  const key: JWTVerifyGetKey = (header, token) => {
    if (header.alg === 'HS256' && secretKey) return secretKey;
    if (!publicKeys) throw new errors.JOSEAlgNotAllowed('no key for this algorithm');
    return typeof publicKeys.key === 'function' ? publicKeys.key(header, token) : publicKeys.key;
  };
  const audience = options.authAudience || undefined;
  const nameClaim = options.authNameClaim || undefined;

  return async (token) => {
    if (typeof token !== 'string' || token === '') return { ok: false, message: 'This server requires a signed identity token (CONNECT { token }).' };
    if (token.length > LONGEST_TOKEN) return { ok: false, message: 'The identity token is not a well-formed signed JWT.' };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms, audience, requiredClaims: ['exp'] }));
    } catch (error) {
      return { ok: false, message: explain(error, audience) };
    }
    const claim = nameClaim ?? (payload.name !== undefined ? 'name' : 'sub');
    const value = payload[claim];
    if (value === undefined || value === null) return { ok: false, message: `The identity token has no "${claim}" claim to take the name from.` };
    const identity = parseIdentity(value);
    if (!identity.ok) return { ok: false, message: `The identity token's "${claim}" is not a valid name: ${identity.message}` };
    return { ok: true, name: identity.name, expiresAt: payload.exp as number };
  };
}
