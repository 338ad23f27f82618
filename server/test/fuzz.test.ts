// Thousands of random payload shapes at every event: each gets an answer,
// never INTERNAL, and the server keeps serving a normal call afterwards.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ERROR_CODES } from '../../protocol/index.js';
import { offer, startServer, type TestServer } from './helpers.js';

const EVENTS = [
  'CONNECT', 'REQUEST_CALL', 'ACCEPT_CALL', 'REJECT_CALL', 'CANCEL_CALL', 'HANG_UP',
  'SEND_CALLER_DESCRIPTOR', 'SEND_RECIPIENT_DESCRIPTOR', 'SEND_ICE_CANDIDATE', 'FIND_MATCH', 'LEAVE_QUEUE',
  'BLOCK', 'UNBLOCK', 'REPORT',
];
const KEYS = ['to', 'from', 'as', 'resume', 'sdp', 'type', 'candidate', 'sdpMid', 'sdpMLineIndex',
  'usernameFragment', 'name', 'reason', 'interests', 'token', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'length'];

/** mulberry32: a seeded generator, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 8 : 11));
  switch (pick) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return [0, -1, 1e308, NaN, 2 ** 53, -0, 3.5][Math.floor(rand() * 7)];
    case 3: return '';
    case 4: return 'x'.repeat(Math.floor(rand() * 70_000));
    case 5: return ['alice', 'offer', 'answer', 'candidate:1 1 udp 1 1.1.1.1 1 typ host', '\u0000', '😀'.repeat(40), 'ＡＬＩＣＥ',
      'media', 'abuse', 'peer', 'fuzzer', ' chess '][Math.floor(rand() * 12)];
    case 6: return undefined;
    case 7: return 'y'.repeat(Math.floor(rand() * 3000));
    case 8: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      // Built with JSON.parse so `__proto__` is an own key, as on the wire.
      const entries = Array.from({ length: Math.floor(rand() * 5) }, () => [
        KEYS[Math.floor(rand() * KEYS.length)],
        randomValue(rand, depth + 1),
      ]);
      const json = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(',')}}`;
      return JSON.parse(json);
    }
  }
}

let t: TestServer;
before(async () => {
  // A generous rate limit: this test is about validation, not flooding.
  t = await startServer({ rateLimit: { burst: 100_000, perSecond: 100_000 } });
});
after(() => t.close());

it('answers 4,000 random payloads with a protocol error code and stays up', async () => {
  const rand = prng(20261126);
  const fresh = await t.client();
  const named = await t.user('fuzzer');
  const peer = await t.user('peer');
  await named.send('REQUEST_CALL', { to: 'peer' });
  await peer.send('ACCEPT_CALL', { from: 'fuzzer' });
  const codes = new Map<string, number>();
  let okCount = 0;
  for (let i = 0; i < 4000; i++) {
    const client = i % 3 === 0 ? fresh : i % 3 === 1 ? named : peer;
    const event = EVENTS[Math.floor(rand() * EVENTS.length)];
    const payload = randomValue(rand, 0);
    const ack = await client.send(event, payload);
    assert.equal(typeof ack, 'object');
    if (ack.ok) {
      okCount++;
      continue;
    }
    assert.ok((ERROR_CODES as readonly string[]).includes(ack.error.code), ack.error.code);
    assert.notEqual(ack.error.code, 'INTERNAL', `${event} ${JSON.stringify(payload)?.slice(0, 200)}`);
    codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
  }
  assert.ok((codes.get('INVALID_PAYLOAD') ?? 0) > 1000, 'most random shapes are malformed');
  assert.ok(okCount < 400);
  // Still serving: a normal call between two new users.
  const a = await t.user('after1');
  const b = await t.user('after2');
  assert.deepEqual(await a.send('REQUEST_CALL', { to: 'after2' }), { ok: true });
  assert.deepEqual(await b.send('ACCEPT_CALL', { from: 'after1' }), { ok: true });
  assert.deepEqual(await a.send('SEND_CALLER_DESCRIPTOR', { to: 'after2', sdp: offer }), { ok: true });
  assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'after1', sdp: offer });
});

it('drops a socket that sends a frame over the transport limit, and nobody else', async () => {
  const a = await t.user('big1');
  const b = await t.user('big2');
  const dropped = new Promise((resolve) => a.socket.once('disconnect', resolve));
  a.socket.emit('SEND_CALLER_DESCRIPTOR', { to: 'big2', sdp: { type: 'offer', sdp: 'z'.repeat(2_000_000) } });
  assert.equal(await dropped, 'transport close');
  assert.equal(b.socket.connected, true);
  const c = await t.user('big3');
  assert.deepEqual(await b.send('REQUEST_CALL', { to: 'big3' }), { ok: true });
  await c.next('CALL_REQUESTED');
});
