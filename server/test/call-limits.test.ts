// Protocol v2 call-level rules on direct calls: the "media" reason on
// endings, and the request cool-downs (docs/protocol.md, "Extensions" and
// "Connection hygiene (v2)").
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { offer, receivedAfter, sleep, startServer, type Client, type TestServer } from './helpers.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let n = 0;
/** Fresh users named `<base><n>`; returns the clients and their names. */
async function fresh(server: TestServer, ...bases: string[]): Promise<[Client, string][]> {
  return Promise.all(
    bases.map(async (base) => {
      const name = `${base}${++n}`;
      return [await server.user(name), name] as [Client, string];
    }),
  );
}

async function code(c: Client, event: string, payload?: unknown) {
  const ack = await c.send(event, payload);
  return ack.ok ? 'ok' : ack.error.code;
}

async function ring(from: Client, to: Client, toName: string) {
  assert.equal(await code(from, 'REQUEST_CALL', { to: toName }), 'ok');
  await to.next('CALL_REQUESTED');
}

/** `from` rings `to` and withdraws the request. */
async function ringAndCancel(from: Client, fromName: string, to: Client, toName: string) {
  await ring(from, to, toName);
  assert.equal(await code(from, 'CANCEL_CALL', { to: toName }), 'ok');
  assert.deepEqual(await to.next('CALL_CANCELED'), { by: fromName, reason: 'canceled' });
}

const IGNORED = ['timeout', 'MEDIA', 'media ', 7, true, { media: true }, ['media'], null, 'x'.repeat(10_000)];

describe('reasons on endings (v2)', () => {
  it('REJECT_CALL "media" reaches the caller; any other reason, of any type, is ignored', async () => {
    t = await startServer();
    for (const reason of ['media', ...IGNORED]) {
      const [[a, an], [b, bn]] = await fresh(t, 'ra', 'rb');
      await ring(a, b, bn);
      assert.deepEqual(await b.send('REJECT_CALL', { from: an, reason }), { ok: true }, JSON.stringify(reason));
      assert.deepEqual(await a.next('CALL_REJECTED'), { by: bn, reason: reason === 'media' ? 'media' : 'rejected' });
    }
  });

  it('CANCEL_CALL "media" reaches the recipient; other reasons give "canceled"', async () => {
    t = await startServer();
    for (const reason of ['media', ...IGNORED]) {
      const [[a, an], [b, bn]] = await fresh(t, 'ca', 'cb');
      await ring(a, b, bn);
      assert.deepEqual(await a.send('CANCEL_CALL', { to: bn, reason }), { ok: true });
      assert.deepEqual(await b.next('CALL_CANCELED'), { by: an, reason: reason === 'media' ? 'media' : 'canceled' });
    }
  });

  it('HANG_UP "media" reaches the peer; other reasons give "hangup"; nothing reaches a third', async () => {
    t = await startServer();
    const [[c]] = await fresh(t, 'third');
    for (const reason of ['media', ...IGNORED]) {
      const [[a, an], [b, bn]] = await fresh(t, 'ha', 'hb');
      await ring(a, b, bn);
      await b.send('ACCEPT_CALL', { from: an });
      assert.deepEqual(await a.send('HANG_UP', { to: bn, reason }), { ok: true });
      assert.deepEqual(await b.next('CALL_ENDED'), { by: an, reason: reason === 'media' ? 'media' : 'hangup' });
    }
    assert.deepEqual(await receivedAfter(c, 0), []);
  });
});

describe('request cool-downs (v2)', () => {
  it('a 4th unaccepted ring of the same person within 2 minutes is TRY_LATER; others are unaffected', async () => {
    t = await startServer();
    const [[a, an], [b, bn], [c, cn], [d, dn]] = await fresh(t, 'a', 'b', 'c', 'd');
    for (let i = 0; i < 3; i++) await ringAndCancel(a, an, b, bn);
    const seen = b.received.length;
    const refused = await a.send('REQUEST_CALL', { to: bn });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'TRY_LATER');
    assert.ok(refused.error.message.length > 10);
    assert.deepEqual(await receivedAfter(b, seen), [], 'the 4th never rang');
    // Another caller of b, and a calling someone else, are unaffected.
    await ringAndCancel(c, cn, b, bn);
    await ringAndCancel(a, an, d, dn);
    // Check order: TRY_LATER before ALREADY_IN_CALL and USER_BUSY.
    await ring(c, b, bn);
    await ring(a, d, dn);
    assert.equal(await code(a, 'REQUEST_CALL', { to: bn }), 'TRY_LATER');
    // …and after SELF_CALL and USER_NOT_FOUND.
    assert.equal(await code(a, 'REQUEST_CALL', { to: an }), 'SELF_CALL');
    assert.equal(await code(a, 'REQUEST_CALL', { to: 'nobody' }), 'USER_NOT_FOUND');
  });

  it('rejected requests count, refused ones never do, and an accepted call resets the pair', async () => {
    t = await startServer();
    const [[a, an], [b, bn], [c, cn]] = await fresh(t, 'a', 'b', 'c');
    // Refused with an error: never rang, never counts.
    await ring(c, b, bn);
    for (let i = 0; i < 5; i++) assert.equal(await code(a, 'REQUEST_CALL', { to: bn }), 'USER_BUSY');
    await c.send('CANCEL_CALL', { to: bn });
    assert.deepEqual(await b.next('CALL_CANCELED'), { by: cn, reason: 'canceled' });
    for (let i = 0; i < 2; i++) {
      await ring(a, b, bn);
      await b.send('REJECT_CALL', { from: an });
      assert.deepEqual(await a.next('CALL_REJECTED'), { by: bn, reason: 'rejected' });
    }
    // Accepted: the count for a → b starts again.
    await ring(a, b, bn);
    await b.send('ACCEPT_CALL', { from: an });
    await a.send('HANG_UP', { to: bn });
    for (let i = 0; i < 3; i++) await ringAndCancel(a, an, b, bn);
    assert.equal(await code(a, 'REQUEST_CALL', { to: bn }), 'TRY_LATER');
  });

  it('timed-out requests count', async () => {
    t = await startServer({ ringTimeoutMs: 300 });
    const [[a], [b, bn]] = await fresh(t, 'a', 'b');
    for (let i = 0; i < 3; i++) {
      await ring(a, b, bn);
      assert.deepEqual(await a.next('CALL_REJECTED', 3000), { by: bn, reason: 'timeout' });
    }
    assert.equal(await code(a, 'REQUEST_CALL', { to: bn }), 'TRY_LATER');
  });

  it('the 11th request in a minute after ten unaccepted ones is RATE_LIMITED; answered calls never count', async () => {
    t = await startServer({ ringTimeoutMs: 60_000 });
    const [[a, an]] = await fresh(t, 'caller');
    const callees = await fresh(t, ...Array.from({ length: 11 }, () => 'callee'));
    for (const [callee, name] of callees.slice(0, 10)) await ringAndCancel(a, an, callee, name);
    const [last, lastName] = callees[10];
    const refused = await a.send('REQUEST_CALL', { to: lastName });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'RATE_LIMITED');
    assert.deepEqual(await receivedAfter(last, 0), []);
    // RATE_LIMITED comes before the call-state errors.
    assert.equal(await code(a, 'REQUEST_CALL', { to: an }), 'RATE_LIMITED');
    // Someone else, whose calls are answered, is never limited.
    const [[busy, busyName]] = await fresh(t, 'busy');
    for (const [callee, name] of callees.slice(0, 11)) {
      await ring(busy, callee, name);
      await callee.send('ACCEPT_CALL', { from: busyName });
      await busy.send('SEND_CALLER_DESCRIPTOR', { to: name, sdp: offer });
      await busy.send('HANG_UP', { to: name });
    }
    assert.equal(await code(busy, 'REQUEST_CALL', { to: lastName }), 'ok');
    await sleep(10);
  });
});

describe('request cool-downs under signed identities (v2.1)', () => {
  const secret = 'call-limits-test-secret-0123456789abcdef';
  const token = (name: string) =>
    new SignJWT({ name }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(secret));

  /** A client signed in as `name`, once the name is free (a session that just closed may still be leaving). */
  async function signedIn(server: TestServer, name: string): Promise<Client> {
    const c = await server.client();
    for (let tries = 0; ; tries++) {
      const ack = await c.send('CONNECT', { token: await token(name) });
      if (ack.ok) return c;
      assert.ok(ack.error.code === 'USERNAME_TAKEN' && tries < 100, `CONNECT ${name}: ${ack.error.code}`);
      await sleep(30);
    }
  }

  it('belong to the exact identity: an account whose name looks alike neither shares nor inherits them', async () => {
    t = await startServer({ authSecret: secret });
    const bob = await signedIn(t, 'bob');
    const carol = await signedIn(t, 'carol');
    const user1 = await signedIn(t, 'user1');
    // bob rang user1 three times; user1 rang carol three times.
    for (let i = 0; i < 3; i++) await ringAndCancel(bob, 'bob', user1, 'user1');
    for (let i = 0; i < 3; i++) await ringAndCancel(user1, 'user1', carol, 'carol');
    assert.equal(await code(bob, 'REQUEST_CALL', { to: 'user1' }), 'TRY_LATER');
    assert.equal(await code(user1, 'REQUEST_CALL', { to: 'carol' }), 'TRY_LATER');
    user1.close();
    // Another account, "userl", same look-alike key: bob may ring it, and it may ring carol.
    const userl = await signedIn(t, 'userl');
    await ringAndCancel(bob, 'bob', userl, 'userl');
    await ringAndCancel(userl, 'userl', carol, 'carol');
    userl.close();
    // The same account in a new session still has its cool-downs.
    const again = await signedIn(t, 'USER1');
    assert.equal(await code(again, 'REQUEST_CALL', { to: 'carol' }), 'TRY_LATER');
    assert.equal(await code(bob, 'REQUEST_CALL', { to: 'user1' }), 'TRY_LATER');
  });
});
