// The connection-level rules of protocol v2 (docs/protocol.md): names
// compared on their identity key, no ghost names, every event counted by
// the rate limit and floods disconnected, the CONNECT timeout, and
// `resumed` in the CONNECT ack. Runs in both setups (memory, and the
// 2-process Redis cluster through server/test/cluster-suite.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { parseIdentity } from '../identity/names.js';
import type { ListenOptions } from '../http/listen.js';
import { sleep, startServer, type Client, type TestServer } from './helpers.js';

let serial = 0;
/** A fresh ASCII name for this run (the suites share a server). */
const fresh = (base: string) => `${base}${++serial}0${process.pid % 1000}`;

/** The same name in Cyrillic look-alikes, whole (a mixed-script name would be INVALID_USERNAME instead). */
const CYRILLIC: Record<string, string> = { a: '\u0430', c: '\u0441', e: '\u0435', i: '\u0456', l: '\u04cf', o: '\u043e', p: '\u0440', x: '\u0445', y: '\u0443' };
const cyrillic = (name: string) => [...name].map((ch) => CYRILLIC[ch] ?? (/\d/.test(ch) ? ch : assert.fail(ch))).join('');

const code = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'ok' : ack.error!.code);

function dropTransport(c: Client): void {
  (c.socket.io as any).engine.close();
}

// One server for the rules that need no settings of their own.
let t: TestServer;
before(async () => {
  t = await startServer();
});
after(() => t.close());

describe('names: the identity key', () => {
  it('CONNECT `as` breaking a v2 rule gets INVALID_USERNAME with the rule in the message', async () => {
    for (const bad of ['alice\u034f', 'alice\ufe0f', '\u3164\u3164', 'al\u0456ce\u03bf', '_alice', 'ali\udb40\udd00ce']) {
      const c = await t.client();
      const ack = await c.send('CONNECT', { as: bad });
      assert.equal(code(ack), 'INVALID_USERNAME', JSON.stringify(bad));
      const expected = parseIdentity(bad);
      assert.ok(!expected.ok);
      assert.equal(ack.error.message, expected.message, JSON.stringify(bad));
    }
  });

  it('a look-alike of an online name is USERNAME_TAKEN (Cyrillic а…, capital I, 1 for l, case, fullwidth)', async () => {
    const alice = fresh('alice');
    await t.user(alice);
    const fullwidth = [...alice].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join('');
    for (const lookAlike of [cyrillic(alice), alice.toUpperCase(), alice.replace('l', 'I'), alice.replace('l', '1'), fullwidth]) {
      const c = await t.client();
      assert.equal(code(await c.send('CONNECT', { as: lookAlike })), 'USERNAME_TAKEN', JSON.stringify(lookAlike));
    }
  });

  it('`to` and `from` reach the user by key: ALICE or a look-alike rings alice, and her answer finds the caller', async () => {
    const alice = fresh('alice');
    const bob = fresh('bob');
    const a = await t.user(alice);
    const b = await t.user(bob);
    assert.deepEqual(await b.send('REQUEST_CALL', { to: alice.toUpperCase() }), { ok: true });
    assert.deepEqual(await a.next('CALL_REQUESTED'), { from: bob });
    assert.deepEqual(await b.send('CANCEL_CALL', { to: cyrillic(alice) }), { ok: true });
    await a.next('CALL_CANCELED');
    assert.deepEqual(await b.send('REQUEST_CALL', { to: cyrillic(alice) }), { ok: true });
    assert.deepEqual(await a.next('CALL_REQUESTED'), { from: bob });
    assert.deepEqual(await a.send('ACCEPT_CALL', { from: bob.toUpperCase().replace('O', '0') }), { ok: true });
    assert.deepEqual(await b.next('CALL_ACCEPTED'), { by: alice });
    assert.deepEqual(await b.send('HANG_UP', { to: alice.replace('l', '1') }), { ok: true });
  });

  it('guest names are keyed the same way: a guest name is taken while the guest is online', async () => {
    const g = await t.client();
    const ack = await g.send('CONNECT', {});
    assert.ok(ack.ok);
    const other = await t.client();
    assert.equal(code(await other.send('CONNECT', { as: ack.username.toUpperCase() })), 'USERNAME_TAKEN');
    const callerName = fresh('caller');
    const caller = await t.user(callerName);
    assert.deepEqual(await caller.send('REQUEST_CALL', { to: ack.username.toUpperCase() }), { ok: true });
    assert.deepEqual(await g.next('CALL_REQUESTED'), { from: callerName });
  });
});

/** A raw Engine.IO/socket.io connection over one WebSocket: handshake done, namespace `/` joined. */
async function rawJoined(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', function opened(data) {
      const text = String(data);
      if (text.startsWith('0')) ws.send('40');
      else if (text.startsWith('40')) {
        ws.off('message', opened);
        resolve();
      }
    });
    ws.once('error', reject);
  });
  // Answer pings, like a live client.
  ws.on('message', (data) => void (String(data) === '2' && ws.send('3')));
  return ws;
}

/** Writes several WebSocket messages in one TCP write, so the server reads them together. */
function sendTogether(ws: WebSocket, frames: string[]): void {
  const socket = (ws as any)._socket as import('node:net').Socket;
  socket.cork();
  for (const frame of frames) ws.send(frame);
  process.nextTick(() => socket.uncork());
}

describe('ghost names: an event on a connection already disconnected changes nothing', () => {
  it('41 then 42["CONNECT",{as}] in one read, 200 times: the name is never registered', async () => {
    const name = fresh('ghost');
    const users = async () => (await t.server.signaling.store.counts()).users;
    const before = await users();
    for (let i = 0; i < 200; i++) {
      const ws = await rawJoined(t.servers[i % t.servers.length].url);
      const answers: string[] = [];
      ws.on('message', (data) => answers.push(String(data)));
      sendTogether(ws, ['41', `421["CONNECT",{"as":"${name}"}]`]);
      await sleep(i % 20 === 0 ? 30 : 2);
      ws.close();
      assert.ok(!answers.some((a) => a.startsWith('431')), `no CONNECT ack for a disconnected namespace (round ${i})`);
    }
    await sleep(100);
    assert.equal(await users(), before, 'no user left behind');
    const caller = await t.user(fresh('caller'));
    assert.equal(code(await caller.send('REQUEST_CALL', { to: name })), 'USER_NOT_FOUND');
    const real = await t.client();
    const ack = await real.send('CONNECT', { as: name });
    assert.equal(code(ack), 'ok', 'the name is free');
  });
});

describe('rate limit v2: every event counts', () => {
  const flood = (c: Client, event: string, n: number, payload: unknown = {}) =>
    Promise.all(Array.from({ length: n }, () => c.send(event, payload)));

  it('unknown events use up the limit; the burst is at most 1,000', async () => {
    const c = await t.user(fresh('burst'));
    const acks = await flood(c, 'NO_SUCH_EVENT', 1100);
    const admitted = acks.filter((a) => code(a) === 'UNKNOWN_EVENT').length;
    assert.ok(admitted <= 1000 + 50, `admitted ${admitted}`);
    assert.ok(acks.some((a) => code(a) === 'RATE_LIMITED'));
  });

  it('before CONNECT an unknown event is NOT_CONNECTED, first in the order of errors, limited or not', async () => {
    const c = await t.client();
    const acks = await flood(c, 'NO_SUCH_EVENT', 1100);
    assert.deepEqual([...new Set(acks.map(code))], ['NOT_CONNECTED']);
  });

  it('events before CONNECT use up the limit, and CONNECT itself is limited', async () => {
    const c = await t.client();
    for (let i = 0; i < 1100; i++) c.socket.emit('NO_SUCH_EVENT', {});
    assert.equal(code(await c.send('CONNECT', { as: fresh('late') })), 'RATE_LIMITED');
  });

  it('sustained, at most 500 per second get through', async () => {
    const c = await t.user(fresh('steady'));
    await flood(c, 'NO_SUCH_EVENT', 1050);
    await sleep(1000);
    const acks = await flood(c, 'NO_SUCH_EVENT', 700);
    const admitted = acks.filter((a) => code(a) === 'UNKNOWN_EVENT').length;
    assert.ok(admitted <= 500 + 100, `admitted ${admitted} after a second`);
  });

  it('order of errors when limited: payload shape, NOT_CONNECTED, RATE_LIMITED, UNKNOWN_EVENT', async () => {
    const c = await t.client();
    for (let i = 0; i < 1100; i++) c.socket.emit('NO_SUCH_EVENT', {});
    // Sent at once, behind the flood, so the bucket has no time to refill.
    const acks = await Promise.all([
      c.send('REQUEST_CALL', { to: 5 }),
      c.send('REQUEST_CALL', { to: 'someone' }),
      c.send('CONNECT', { as: fresh('x') }),
      c.send('NO_SUCH_EVENT', {}),
    ]);
    assert.deepEqual(acks.map(code), ['INVALID_PAYLOAD', 'NOT_CONNECTED', 'RATE_LIMITED', 'NOT_CONNECTED']);
    assert.ok(c.socket.connected, 'limited, not disconnected');
    // Registered and limited: an unknown event is RATE_LIMITED before UNKNOWN_EVENT.
    const user = await t.user(fresh('limited'));
    for (let i = 0; i < 1100; i++) user.socket.emit('NO_SUCH_EVENT', {});
    assert.equal(code(await user.send('NO_SUCH_EVENT', {})), 'RATE_LIMITED');
  });

  it('a connection that keeps sending after being limited is disconnected; others are not', async () => {
    const bystander = await t.user(fresh('calm'));
    const c = await t.client();
    const gone = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
    for (let i = 0; i < 4000; i++) c.socket.emit('NO_SUCH_EVENT', {});
    assert.equal(await Promise.race([gone, sleep(5000).then(() => 'still connected')]), 'io server disconnect');
    assert.equal(code(await bystander.send('NO_SUCH_EVENT', {})), 'UNKNOWN_EVENT');
  });
});

/** A server of its own, with `options`, for the describe block that calls this. */
function ownServer(options: ListenOptions): () => TestServer {
  let server: TestServer;
  before(async () => {
    server = await startServer(options);
  });
  after(() => server.close());
  return () => server;
}

describe('CONNECT timeout', () => {
  const server = ownServer({ connectTimeoutMs: 300 });

  it('a socket.io connection without a completed CONNECT is closed; a connected one stays', async () => {
    const idle = await server().client();
    const failed = await server().client();
    assert.equal(code(await failed.send('CONNECT', { as: '_bad' })), 'INVALID_USERNAME');
    const user = await server().user(fresh('stays'));
    const closed = (c: Client) => new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
    const [a, b] = await Promise.all([closed(idle), closed(failed)]);
    assert.equal(a, 'io server disconnect');
    assert.equal(b, 'io server disconnect');
    await sleep(400);
    assert.ok(user.socket.connected);
  });

  it('a transport connection that never joins the namespace (and answers pings) is closed', async () => {
    const ws = new WebSocket(`${server().server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    ws.on('message', (data) => void (String(data) === '2' && ws.send('3')));
    const started = Date.now();
    await new Promise((resolve) => ws.once('close', resolve));
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 3000, `closed after ${took} ms`);
  });
});

describe('resumed in the CONNECT ack', () => {
  const server = ownServer({ resumeGraceMs: 400 });

  it('false on a plain CONNECT, true when the resume secret takes the session over', async () => {
    const name = fresh('res');
    const c = await server().client();
    const first = await c.send('CONNECT', { as: name });
    assert.equal(first.resumed, false);
    dropTransport(c);
    await sleep(100);
    const back = await server().client();
    const ack = await back.send('CONNECT', { as: name, resume: first.resume });
    assert.equal(ack.resumed, true);
    const guest = await (await server().client()).send('CONNECT', {});
    assert.equal(guest.resumed, false);
  });

  it('false for a late resume after the grace', async () => {
    const name = fresh('late');
    const c = await server().client();
    const first = await c.send('CONNECT', { as: name });
    dropTransport(c);
    await sleep(800);
    const ack = await (await server().client()).send('CONNECT', { as: name, resume: first.resume });
    assert.equal(code(ack), 'ok');
    assert.equal(ack.resumed, false);
  });

  it('false when the store lost the session (as after a Redis restart), for both parties of a call', async () => {
    const [na, nb] = [fresh('ann'), fresh('bob')];
    const a = await server().client();
    const b = await server().client();
    const ackA = await a.send('CONNECT', { as: na });
    const ackB = await b.send('CONNECT', { as: nb });
    await a.send('REQUEST_CALL', { to: nb });
    await b.send('ACCEPT_CALL', { from: na });
    dropTransport(a);
    dropTransport(b);
    await sleep(100);
    const store = server().server.signaling.store;
    await store.transact(async (tx) => {
      tx.delete(parseIdentityKey(na));
      tx.delete(parseIdentityKey(nb));
    });
    const backA = await (await server().client()).send('CONNECT', { as: na, resume: ackA.resume });
    const backB = await (await server().client()).send('CONNECT', { as: nb, resume: ackB.resume });
    assert.deepEqual([code(backA), backA.resumed, code(backB), backB.resumed], ['ok', false, 'ok', false]);
  });
});

function parseIdentityKey(name: string): string {
  const parsed = parseIdentity(name);
  assert.ok(parsed.ok);
  return parsed.name.key;
}
