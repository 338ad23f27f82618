// The demo token issuer (server/identity/demo-tokens.ts): off unless asked for, and
// when on, its tokens are ones the server's own verifier accepts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createTokenVerifier } from '../identity/auth-token.js';
import { listen } from '../http/listen.js';

const authSecret = randomBytes(32).toString('base64url');

async function ask(url: string, name: unknown): Promise<Response> {
  return fetch(`${url}/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
}

describe('demo tokens', () => {
  it('are not served by default, even with AUTH_SECRET set', async () => {
    const server = await listen({ port: 0, host: '127.0.0.1', authSecret });
    try {
      assert.equal((await ask(server.url, 'alice')).status, 404);
    } finally {
      await server.close();
    }
  });

  it('with demoTokens: a token the verifier accepts, for the name asked; an invalid name is refused', async () => {
    const server = await listen({ port: 0, host: '127.0.0.1', authSecret, demoTokens: true });
    try {
      const response = await ask(server.url, 'Alice_1');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const { token } = (await response.json()) as { token: string };
      const checked = await createTokenVerifier({ authSecret })!(token);
      assert.ok(checked.ok);
      assert.equal(checked.name.display, 'Alice_1');
      assert.ok(checked.expiresAt * 1000 - Date.now() <= 10 * 60_000);
      assert.equal((await ask(server.url, 'no spaces please')).status, 400);
    } finally {
      await server.close();
    }
  });

  it('refuse to start without an HS256 secret to sign with', async () => {
    await assert.rejects(listen({ port: 0, host: '127.0.0.1', demoTokens: true }), /AUTH_SECRET/);
  });
});
