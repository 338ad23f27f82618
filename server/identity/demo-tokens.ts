// DEMO ONLY: signs an identity token for any name anyone asks for, so the
// example page (examples/signed-in.html) can show signed sign-in without a
// real account system. Off unless the server is started with
// `--demo-tokens` (server/main.ts), which says loudly that it is on: it lets
// anyone take any name. A real site signs tokens in its own backend, after
// its own login (docs/security.md, "Signed identities").
import express, { type Express } from 'express';
import { SignJWT } from 'jose';
import type { AuthOptions } from './auth-token.js';
import { parseIdentity } from './names.js';

/** Demo tokens live 10 minutes: `getToken()` fetches a fresh one for every (re)connect. */
const LIFETIME = '10m';

export const DEMO_WARNING =
  'WARNING: --demo-tokens is on. POST /demo-token signs an identity for ANY name, for ANYONE who asks. Never use it on a public server.';

/** `POST /demo-token { name }` → `{ token }`, signed with the HS256 `authSecret`. */
export function mountDemoTokens(app: Express, options: Pick<AuthOptions, 'authSecret' | 'authAudience' | 'authNameClaim'>): void {
  const secret = options.authSecret;
  if (!secret) throw new Error('--demo-tokens needs an HS256 secret (AUTH_SECRET) to sign with.');
  const key = new TextEncoder().encode(secret);
  app.post('/demo-token', express.json({ limit: '1kb' }), async (req, res) => {
    const name = parseIdentity(typeof req.body?.name === 'string' ? req.body.name : '');
    if (!name.ok) {
      res.status(400).json({ error: name.message });
      return;
    }
    let jwt = new SignJWT({ [options.authNameClaim ?? 'name']: name.name.display })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime(LIFETIME);
    if (options.authAudience) jwt = jwt.setAudience(options.authAudience);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: await jwt.sign(key) });
  });
}
