// Signed identities: real keys made here, real JWTs signed with jose, checked
// by the verifier the server uses.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { base64url, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { AuthConfigError, createTokenVerifier, type TokenCheck } from '../identity/auth-token.js';
import { identityKey } from '../identity/names.js';

const dir = mkdtempSync(join(tmpdir(), 'roulette-auth-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(contents: string): string {
  const path = join(dir, `key-${++files}`);
  writeFileSync(path, contents);
  return path;
}

const secret = randomBytes(32).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function sign(claims: JWTPayload, key: Parameters<SignJWT['sign']>[0], alg: string, kid?: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid }).sign(key);
}
const hs = (claims: JWTPayload, key = secret) => sign(claims, new TextEncoder().encode(key), 'HS256');

function refused(check: TokenCheck, pattern: RegExp): void {
  assert.equal(check.ok, false, JSON.stringify(check));
  if (!check.ok) assert.match(check.message, pattern);
}

describe('signed identities (HS256 shared secret)', () => {
  const verify = createTokenVerifier({ authSecret: secret })!;

  it('accepts a valid token and takes the name from "name"', async () => {
    const exp = inAnHour();
    const check = await verify(await hs({ name: 'Alice', sub: 'user-17', exp }));
    assert.deepEqual(check, { ok: true, name: { display: 'Alice', key: identityKey('alice') }, expiresAt: exp });
  });

  it('takes the name from "sub" when there is no "name"', async () => {
    const check = await verify(await hs({ sub: 'bob', exp: inAnHour() }));
    assert.ok(check.ok && check.name.display === 'bob');
  });

  it('refuses an expired token', async () => {
    refused(await verify(await hs({ name: 'alice', exp: Math.floor(Date.now() / 1000) - 1 })), /expired/);
  });

  it('refuses a token without exp', async () => {
    refused(await verify(await hs({ name: 'alice' })), /expiry/);
  });

  it('refuses a token signed with another secret', async () => {
    refused(await verify(await hs({ name: 'alice', exp: inAnHour() }, randomBytes(32).toString('hex'))), /not signed by a key/);
  });

  it('refuses alg "none"', async () => {
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ name: 'alice', exp: inAnHour() }))}.`;
    refused(await verify(none), /algorithm|well-formed/);
  });

  it('refuses algorithms that are not configured', async () => {
    const hs512 = await sign({ name: 'alice', exp: inAnHour() }, new TextEncoder().encode(secret), 'HS512');
    refused(await verify(hs512), /algorithm/);
    const { privateKey } = await generateKeyPair('ES256');
    refused(await verify(await sign({ name: 'alice', exp: inAnHour() }, privateKey, 'ES256')), /algorithm/);
  });

  it('refuses a missing name claim and a name that breaks the rules', async () => {
    refused(await verify(await hs({ exp: inAnHour() })), /no "sub" claim/);
    refused(await verify(await hs({ name: 'alicе', exp: inAnHour() })), /"name" is not a valid name: A name must keep its letters in one script/);
    refused(await verify(await hs({ name: 'alice\u200b', exp: inAnHour() })), /invisible/);
    refused(await verify(await hs({ name: 42, exp: inAnHour() })), /not a valid name/);
  });

  it('refuses what is not a token', async () => {
    for (const junk of [undefined, null, '', 42, {}, 'a.b.c', 'x'.repeat(20_000)]) refused(await verify(junk), /requires|well-formed/);
  });

  it('refuses a short secret at start-up', () => {
    assert.throws(() => createTokenVerifier({ authSecret: 'short' }), (e: Error) => e instanceof AuthConfigError && /^AUTH_SECRET /.test(e.message));
  });

  it('without a key configured there is no verifier', () => {
    assert.equal(createTokenVerifier({}), undefined);
    assert.equal(createTokenVerifier({ authAudience: 'x', authNameClaim: 'nick' }), undefined);
  });
});

describe('signed identities (audience and name claim)', () => {
  it('checks aud when AUTH_AUDIENCE is set', async () => {
    const verify = createTokenVerifier({ authSecret: secret, authAudience: 'roulette.example' })!;
    assert.equal((await verify(await hs({ name: 'alice', aud: 'roulette.example', exp: inAnHour() }))).ok, true);
    assert.equal((await verify(await hs({ name: 'alice', aud: ['shop', 'roulette.example'], exp: inAnHour() }))).ok, true);
    refused(await verify(await hs({ name: 'alice', aud: 'other.example', exp: inAnHour() })), /not for this service/);
    refused(await verify(await hs({ name: 'alice', exp: inAnHour() })), /not for this service/);
  });

  it('reads the name from AUTH_NAME_CLAIM', async () => {
    const verify = createTokenVerifier({ authSecret: secret, authNameClaim: 'nickname' })!;
    const check = await verify(await hs({ name: 'Alice Smith', nickname: 'alice_s', exp: inAnHour() }));
    assert.ok(check.ok && check.name.display === 'alice_s');
    refused(await verify(await hs({ name: 'alice', exp: inAnHour() })), /no "nickname" claim/);
  });
});

describe('signed identities (public keys)', () => {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    it(`verifies ${alg} with a PEM public key file, and nothing else`, async () => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
      const verify = createTokenVerifier({ authPublicKeyFile: file(await exportSPKI(publicKey)) })!;
      assert.equal((await verify(await sign({ name: 'carol', exp: inAnHour() }, privateKey, alg))).ok, true);
      const other = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
      refused(await verify(await sign({ name: 'carol', exp: inAnHour() }, other.privateKey, alg)), /not signed by a key/);
      refused(await verify(await hs({ name: 'carol', exp: inAnHour() })), /algorithm/);
      // The classic confusion: the public key's PEM text used as an HMAC secret.
      refused(await verify(await hs({ name: 'carol', exp: inAnHour() }, await exportSPKI(publicKey))), /algorithm/);
      refused(await verify(await sign({ name: 'carol' }, privateKey, alg)), /expiry/);
    });
  }

  it('verifies with a JWK set file, choosing the key by kid', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const keys = await Promise.all(
      [
        [rsa, 'rsa-1', 'RS256'],
        [ec, 'ec-1', 'ES256'],
      ].map(async ([pair, kid, alg]) => ({ ...(await exportJWK((pair as typeof rsa).publicKey)), kid, alg, use: 'sig' })),
    );
    const verify = createTokenVerifier({ authPublicKeyFile: file(JSON.stringify({ keys })) })!;
    assert.equal((await verify(await sign({ sub: 'dave', exp: inAnHour() }, rsa.privateKey, 'RS256', 'rsa-1'))).ok, true);
    assert.equal((await verify(await sign({ sub: 'dave', exp: inAnHour() }, ec.privateKey, 'ES256', 'ec-1'))).ok, true);
    refused(await verify(await sign({ sub: 'dave', exp: inAnHour() }, ed.privateKey, 'EdDSA', 'ed-1')), /not signed by a key/);
    refused(await verify(await sign({ sub: 'dave', exp: inAnHour() }, ec.privateKey, 'ES256', 'rsa-1')), /not signed by a key/);
    refused(await verify(await hs({ sub: 'dave', exp: inAnHour() })), /algorithm/);
  });

  it('refuses unusable key files at start-up, naming AUTH_PUBLIC_KEY_FILE', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const p384 = await generateKeyPair('ES384');
    for (const path of [
      join(dir, 'missing'),
      file('not a key'),
      file('{"keys": []}'),
      file('{ nope'),
      file(JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)) }] })),
      file(JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] })),
      file(await exportSPKI(p384.publicKey)),
      // v2.1: a PEM private key (node would derive its public half and start).
      file(await exportPKCS8(privateKey)),
    ]) {
      assert.throws(() => createTokenVerifier({ authPublicKeyFile: path }), (e: Error) => e instanceof AuthConfigError && /^AUTH_PUBLIC_KEY_FILE /.test(e.message), path);
    }
  });
});
