// Signed identities over the wire (docs/protocol.md, "Signed identities",
// v2): with AUTH_SECRET set, CONNECT needs a valid HS256 token naming the
// user; `as` must name the same person; a valid token for an online name
// takes the session over as a resume would; a resume still needs only its
// secret. Without a key the token is ignored. The verifier's own cases
// (keys, files, algorithms) are in auth-token.test.ts. Runs in both setups.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { base64url, SignJWT, type JWTPayload } from 'jose';
import { candidate, sleep, startServer, type Client, type TestServer } from './helpers.js';

const secret = randomBytes(32).toString('base64url');
let serial = 0;
const fresh = (base: string) => `${base}${++serial}0${process.pid % 1000}`;
const code = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'ok' : ack.error!.code);

function sign(claims: JWTPayload, { key = secret, expires = '5m' as string | number } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(expires).sign(new TextEncoder().encode(key));
}

/** An unsigned token (`alg: none`), which must never be accepted. */
function unsigned(claims: JWTPayload): string {
  const part = (o: object) => base64url.encode(JSON.stringify(o));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
}

describe('signed identities (AUTH_SECRET set)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ authSecret: secret, resumeGraceMs: 2000 });
  });
  after(() => t.close());

  async function connectWith(payload: object): Promise<{ c: Client; ack: any }> {
    const c = await t.client();
    return { c, ack: await c.send('CONNECT', payload) };
  }

  it('the name comes from the token, shown as written; `as` naming the same person is fine', async () => {
    const name = fresh('Tina');
    const { ack } = await connectWith({ token: await sign({ name }) });
    assert.deepEqual([code(ack), ack.username, ack.resumed], ['ok', name, false]);
    const other = fresh('Otto');
    const { ack: withAs } = await connectWith({ as: other.toLowerCase(), token: await sign({ sub: other }) });
    assert.deepEqual([code(withAs), withAs.username], ['ok', other], '`sub` when there is no `name`');
  });

  it('UNAUTHORIZED with the verifier\'s sentence: no token, expired, wrong key, alg none, a different `as`, not a valid name', async () => {
    const name = fresh('tom');
    const cases: [object, RegExp][] = [
      [{}, /requires a signed identity token/],
      [{ as: name }, /requires a signed identity token/],
      [{ token: await sign({ name }, { expires: Math.floor(Date.now() / 1000) - 60 }) }, /has expired/],
      [{ token: await sign({ name }, { key: randomBytes(32).toString('base64url') }) }, /not signed by a key this server trusts/],
      [{ token: unsigned({ name }) }, /algorithm this server does not accept/],
      [{ token: 'not.a.jwt' }, /not a well-formed signed JWT/],
      [{ token: 42 }, /requires a signed identity token/],
      [{ as: fresh('someone'), token: await sign({ name }) }, new RegExp(`is for "${name}"`)],
      [{ token: await sign({ name: '_bad' }) }, /not a valid name/],
    ];
    for (const [payload, message] of cases) {
      const { ack } = await connectWith(payload);
      assert.equal(code(ack), 'UNAUTHORIZED', JSON.stringify(payload));
      assert.match(ack.error.message, message, JSON.stringify(payload));
    }
  });

  it('a valid token for an online name takes the session over: the old connection is closed, the call goes on, resumed: true', async () => {
    const [tom, bea] = [fresh('tom'), fresh('bea')];
    const { c: old } = await connectWith({ token: await sign({ name: tom }) });
    const { c: b } = await connectWith({ token: await sign({ name: bea }) });
    assert.deepEqual(await old.send('REQUEST_CALL', { to: bea }), { ok: true });
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: tom }), { ok: true });
    const closed = new Promise<string>((resolve) => old.socket.once('disconnect', resolve));
    const { c: now, ack } = await connectWith({ as: tom.toUpperCase(), token: await sign({ name: tom }) });
    assert.deepEqual([code(ack), ack.username, ack.resumed], ['ok', tom, true]);
    assert.equal(await closed, 'io server disconnect');
    assert.deepEqual(await now.send('SEND_ICE_CANDIDATE', { to: bea, candidate: candidate(1) }), { ok: true });
    assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).from, tom);
    assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: tom, candidate: candidate(2) }), { ok: true });
    await now.next('ICE_CANDIDATE_RECEIVED');

    // A resume still needs only its secret.
    (now.socket.io as any).engine.close();
    await sleep(100);
    const { ack: back } = await connectWith({ as: tom, resume: ack.resume });
    assert.deepEqual([code(back), back.resumed], ['ok', true]);
    const { ack: stale } = await connectWith({ as: tom, resume: ack.resume });
    assert.equal(code(stale), 'UNAUTHORIZED', 'a used secret without a token');
  });

  it('a valid token for a look-alike of an online name is USERNAME_TAKEN; the victim keeps its connection and its call', async () => {
    const base = fresh('user');
    const mary = fresh('mary');
    for (const [victim, lookalike] of [
      [mary, mary.replace('m', 'rn')],
      [`${base}1`, `${base}l`],
    ]) {
      const bea = fresh('bea');
      const { c: v } = await connectWith({ token: await sign({ name: victim }) });
      const { c: b } = await connectWith({ token: await sign({ name: bea }) });
      assert.deepEqual(await v.send('REQUEST_CALL', { to: bea }), { ok: true });
      assert.deepEqual(await b.send('ACCEPT_CALL', { from: victim }), { ok: true });
      let dropped = false;
      v.socket.once('disconnect', () => (dropped = true));
      const { c: attacker, ack } = await connectWith({ token: await sign({ name: lookalike }) });
      assert.equal(code(ack), 'USERNAME_TAKEN', `${lookalike} for ${victim}`);
      assert.match(ack.error.message, /looks too much like/);
      // Nothing changed: the victim's call relays both ways, to the victim.
      assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: victim, candidate: candidate(3) }), { ok: true });
      assert.equal((await v.next('ICE_CANDIDATE_RECEIVED')).from, bea);
      assert.deepEqual(await v.send('SEND_ICE_CANDIDATE', { to: bea, candidate: candidate(4) }), { ok: true });
      assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).from, victim);
      await sleep(100);
      assert.equal(dropped, false, 'the victim stays connected');
      assert.deepEqual(attacker.received, [], 'the look-alike hears nothing of the call');
      // The look-alike's connection has no name: it cannot act as anyone.
      assert.equal(code(await attacker.send('SEND_ICE_CANDIDATE', { to: bea, candidate: candidate(5) })), 'NOT_CONNECTED');
    }
  });

  it('the same identity, written in another case or width, still takes over', async () => {
    const ann = fresh('ann');
    const wide = [...ann.toUpperCase()].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join('');
    assert.equal(wide.normalize('NFKC').toLowerCase(), ann);
    const { c: old } = await connectWith({ token: await sign({ name: ann }) });
    const closed = new Promise<string>((resolve) => old.socket.once('disconnect', resolve));
    const { ack } = await connectWith({ token: await sign({ name: wide }) });
    assert.deepEqual([code(ack), ack.username, ack.resumed], ['ok', ann, true]);
    assert.equal(await closed, 'io server disconnect');
  });
});

describe('signed identities keep their blocks across sessions', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ authSecret: secret });
  });
  after(() => t.close());

  it('a block made by a signed identity still holds after it leaves and connects again', async () => {
    const [vic, pest] = [fresh('vic'), fresh('pest')];
    const first = await t.client();
    assert.equal(code(await first.send('CONNECT', { token: await sign({ name: vic }) })), 'ok');
    assert.deepEqual(await first.send('BLOCK', { name: pest }), { ok: true });
    first.close();
    await sleep(150);
    const again = await t.client();
    assert.equal(code(await again.send('CONNECT', { token: await sign({ name: vic }) })), 'ok');
    const p = await t.client();
    assert.equal(code(await p.send('CONNECT', { token: await sign({ name: pest }) })), 'ok');
    assert.equal(code(await p.send('REQUEST_CALL', { to: vic })), 'USER_NOT_FOUND', 'still blocked');
  });
});

describe('without a configured key', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('`token` is ignored: names are first come, first served', async () => {
    const c = await t.client();
    const name = fresh('free');
    const ack = await c.send('CONNECT', { as: name, token: await sign({ name: 'someone-else' }) });
    assert.deepEqual([code(ack), ack.username], ['ok', name]);
    const other = await t.client();
    assert.equal(code(await other.send('CONNECT', { as: name, token: await sign({ name }) })), 'USERNAME_TAKEN');
    const junk = await t.client();
    assert.equal(code(await junk.send('CONNECT', { token: { not: 'a string' } })), 'ok');
  });
});
