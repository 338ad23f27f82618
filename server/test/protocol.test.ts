// Every row of docs/protocol.md's core flow and extensions, and every error
// code: what the sender's ack says, what the other party receives, and that
// nothing reaches a third client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answer, candidate, offer, receivedAfter, startServer, type Client, type TestServer } from './helpers.js';

let t: TestServer;
let n = 0;
/** A fresh, unique name per test so tests never share users. */
const uniq = (base: string) => `${base}${++n}`;

before(async () => {
  t = await startServer({ ringTimeoutMs: 60_000 });
});
after(() => t.close());

async function errorCode(c: Client, event: string, payload?: unknown): Promise<string> {
  const ack = await c.send(event, payload);
  assert.equal(ack.ok, false, `${event} should fail`);
  assert.equal(typeof ack.error.message, 'string');
  assert.ok(ack.error.message.length > 10, 'a readable sentence');
  return ack.error.code;
}

async function userNamed(name: string): Promise<Client & { username: string }> {
  const c = (await t.client()) as Client & { username: string };
  const ack = await c.send('CONNECT', { as: name });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  c.username = ack.username;
  return c;
}

/** a → b pending request; returns the three with c as the bystander. */
async function pending() {
  const a = await userNamed(uniq('Ann'));
  const b = await userNamed(uniq('Bob'));
  const c = await userNamed(uniq('Cy'));
  assert.deepEqual(await a.send('REQUEST_CALL', { to: b.username }), { ok: true });
  assert.deepEqual(await b.next('CALL_REQUESTED'), { from: a.username });
  return { a, b, c };
}

async function inCall() {
  const { a, b, c } = await pending();
  assert.deepEqual(await b.send('ACCEPT_CALL', { from: a.username }), { ok: true });
  assert.deepEqual(await a.next('CALL_ACCEPTED'), { by: b.username });
  return { a, b, c };
}

describe('CONNECT', () => {
  it('registers a chosen name and answers with username, iceServers and a resume secret', async () => {
    const c = await t.client();
    const ack = await c.send('CONNECT', { as: '  Zoë_1.x-y  ' });
    assert.equal(ack.ok, true);
    assert.equal(ack.username, 'Zoë_1.x-y', 'shown as typed, trimmed');
    assert.deepEqual(ack.iceServers, []);
    assert.equal(typeof ack.resume, 'string');
    assert.ok(Buffer.from(ack.resume, 'base64url').length >= 16, 'at least 128 bits');
  });

  it('issues a readable, valid token name without a payload, without `as`, or with a blank `as`', async () => {
    const names = new Set<string>();
    for (const payload of [undefined, {}, { as: '' }, { as: '   ' }, { as: null }]) {
      const c = await t.client();
      const ack = await c.send('CONNECT', payload);
      assert.equal(ack.ok, true, JSON.stringify(payload));
      assert.match(ack.username, /^guest-[a-z0-9]{6}$/);
      names.add(ack.username);
    }
    assert.equal(names.size, 5, 'unique');
  });

  it('a guest can be called by its token name', async () => {
    const g = await t.client();
    const { username } = await g.send('CONNECT', {});
    const a = await userNamed(uniq('caller'));
    assert.deepEqual(await a.send('REQUEST_CALL', { to: username.toUpperCase() }), { ok: true });
    assert.deepEqual(await g.next('CALL_REQUESTED'), { from: a.username });
  });

  it('treats names as equal case-insensitively and under NFKC', async () => {
    const base = uniq('alice');
    await userNamed(base);
    const again = await t.client();
    assert.equal(await errorCode(again, 'CONNECT', { as: base.toUpperCase() }), 'USERNAME_TAKEN');
    const fullwidth = [...base].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join('');
    assert.equal(await errorCode(again, 'CONNECT', { as: fullwidth }), 'USERNAME_TAKEN');
    // The refused attempts changed nothing: the socket can still register.
    const ok = await again.send('CONNECT', { as: uniq('other') });
    assert.equal(ok.ok, true);
  });

  it('refuses names that break the rules with INVALID_USERNAME', async () => {
    const c = await t.client();
    for (const as of ['has space', 'x'.repeat(33), 'semi;colon', '<script>', 'emoji😀', 'a\u0000b', 'x'.repeat(100_000)]) {
      assert.equal(await errorCode(c, 'CONNECT', { as }), 'INVALID_USERNAME', as.slice(0, 20));
    }
    // 32 code points, some outside the BMP, is fine.
    const ok = await c.send('CONNECT', { as: '𝒜'.repeat(31) + String(++n % 10) });
    assert.equal(ok.ok, true, JSON.stringify(ok));
  });

  it('refuses a second CONNECT on the same socket with ALREADY_CONNECTED', async () => {
    const c = await userNamed(uniq('once'));
    assert.equal(await errorCode(c, 'CONNECT', { as: uniq('twice') }), 'ALREADY_CONNECTED');
  });

  it('refuses a malformed payload with INVALID_PAYLOAD', async () => {
    const c = await t.client();
    for (const payload of ['alice', 42, ['alice'], { as: 5 }, { as: { x: 1 } }, { resume: 7 }]) {
      assert.equal(await errorCode(c, 'CONNECT', payload), 'INVALID_PAYLOAD', JSON.stringify(payload));
    }
  });
});

describe('before CONNECT', () => {
  it('every other event gets NOT_CONNECTED, after payload checks', async () => {
    const c = await t.client();
    for (const [event, payload] of [
      ['REQUEST_CALL', { to: 'x' }],
      ['ACCEPT_CALL', { from: 'x' }],
      ['REJECT_CALL', { from: 'x' }],
      ['CANCEL_CALL', { to: 'x' }],
      ['HANG_UP', { to: 'x' }],
      ['SEND_CALLER_DESCRIPTOR', { to: 'x', sdp: offer }],
      ['SEND_RECIPIENT_DESCRIPTOR', { to: 'x', sdp: answer }],
      ['SEND_ICE_CANDIDATE', { to: 'x', candidate: candidate() }],
      ['FIND_MATCH', {}],
      ['LEAVE_QUEUE', {}],
    ] as const) {
      assert.equal(await errorCode(c, event, payload), 'NOT_CONNECTED', event);
    }
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: 5 }), 'INVALID_PAYLOAD');
  });

  it('an unknown event gets UNKNOWN_EVENT; before CONNECT, NOT_CONNECTED (first in the order of errors)', async () => {
    const before = await t.client();
    assert.equal(await errorCode(before, 'DELETE_EVERYONE', {}), 'NOT_CONNECTED');
    assert.equal(await errorCode(before, '__proto__', {}), 'NOT_CONNECTED');
    const c = await userNamed(uniq('curious'));
    assert.equal(await errorCode(c, 'DELETE_EVERYONE', {}), 'UNKNOWN_EVENT');
    assert.equal(await errorCode(c, 'toString', {}), 'UNKNOWN_EVENT');
    assert.equal(await errorCode(c, '__proto__', {}), 'UNKNOWN_EVENT');
  });
});

describe('REQUEST_CALL', () => {
  it('rings the recipient with the caller name set by the server, and nobody else', async () => {
    const a = await userNamed(uniq('Ann'));
    const b = await userNamed(uniq('Bob'));
    const c = await userNamed(uniq('Cy'));
    assert.deepEqual(await a.send('REQUEST_CALL', { to: b.username.toLowerCase(), from: c.username }), { ok: true });
    assert.deepEqual(await b.next('CALL_REQUESTED'), { from: a.username });
    assert.deepEqual(await receivedAfter(c, 0), []);
  });

  it('SELF_CALL, USER_NOT_FOUND, USER_BUSY and ALREADY_IN_CALL', async () => {
    const { a, b, c } = await pending();
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: c.username.toUpperCase() }), 'SELF_CALL');
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: uniq('nobody') }), 'USER_NOT_FOUND');
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: 'not a name at all' }), 'USER_NOT_FOUND');
    // Both parties of a pending request are busy.
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: a.username }), 'USER_BUSY');
    assert.equal(await errorCode(c, 'REQUEST_CALL', { to: b.username }), 'USER_BUSY');
    assert.equal(await errorCode(a, 'REQUEST_CALL', { to: c.username }), 'ALREADY_IN_CALL');
    assert.equal(await errorCode(b, 'REQUEST_CALL', { to: c.username }), 'ALREADY_IN_CALL');
    assert.deepEqual(await receivedAfter(c, 0), [], 'c was never rung');
  });

  it('two people calling the same person at the same instant: exactly one gets through', async () => {
    const target = await userNamed(uniq('Popular'));
    const callers = await Promise.all(Array.from({ length: 20 }, () => userNamed(uniq('Fan'))));
    const acks = await Promise.all(callers.map((c) => c.send('REQUEST_CALL', { to: target.username })));
    assert.equal(acks.filter((a) => a.ok).length, 1);
    assert.ok(acks.filter((a) => !a.ok).every((a) => a.error.code === 'USER_BUSY'));
    await receivedAfter(target, 0);
    assert.equal(target.received.filter((r) => r.event === 'CALL_REQUESTED').length, 1);
  });
});

describe('ACCEPT_CALL / REJECT_CALL', () => {
  it('accept tells the caller who accepted, and nobody else', async () => {
    const { a, b, c } = await inCall();
    assert.deepEqual(await receivedAfter(c, 0), []);
    assert.deepEqual(await receivedAfter(b, 1), [], 'the acceptor gets only its ack');
    void a;
  });

  it('reject tells the caller with reason "rejected"; both are free again', async () => {
    const { a, b, c } = await pending();
    assert.deepEqual(await b.send('REJECT_CALL', { from: a.username.toUpperCase() }), { ok: true });
    assert.deepEqual(await a.next('CALL_REJECTED'), { by: b.username, reason: 'rejected' });
    assert.deepEqual(await receivedAfter(c, 0), []);
    assert.deepEqual(await a.send('REQUEST_CALL', { to: c.username }), { ok: true });
    assert.deepEqual(await b.send('REQUEST_CALL', { to: a.username }).then((x) => x.ok ? 'ok' : x.error.code), 'USER_BUSY');
  });

  it('only the recipient can answer, only a pending request: NO_SUCH_REQUEST', async () => {
    const { a, b, c } = await pending();
    assert.equal(await errorCode(a, 'ACCEPT_CALL', { from: b.username }), 'NO_SUCH_REQUEST', 'caller answering its own request');
    assert.equal(await errorCode(a, 'REJECT_CALL', { from: b.username }), 'NO_SUCH_REQUEST');
    assert.equal(await errorCode(c, 'ACCEPT_CALL', { from: a.username }), 'NO_SUCH_REQUEST', 'a bystander');
    assert.equal(await errorCode(b, 'ACCEPT_CALL', { from: c.username }), 'NO_SUCH_REQUEST', 'wrong caller');
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: a.username }), { ok: true });
    assert.equal(await errorCode(b, 'ACCEPT_CALL', { from: a.username }), 'NO_SUCH_REQUEST', 'already accepted');
    assert.equal(await errorCode(b, 'REJECT_CALL', { from: a.username }), 'NO_SUCH_REQUEST');
    assert.deepEqual(await receivedAfter(c, 0), []);
  });
});

describe('CANCEL_CALL', () => {
  it('withdraws the caller’s request; the recipient gets CALL_CANCELED "canceled"', async () => {
    const { a, b, c } = await pending();
    assert.equal(await errorCode(b, 'CANCEL_CALL', { to: a.username }), 'NO_SUCH_REQUEST', 'recipient cannot cancel');
    assert.equal(await errorCode(a, 'CANCEL_CALL', { to: c.username }), 'NO_SUCH_REQUEST');
    assert.deepEqual(await a.send('CANCEL_CALL', { to: b.username }), { ok: true });
    assert.deepEqual(await b.next('CALL_CANCELED'), { by: a.username, reason: 'canceled' });
    assert.equal(await errorCode(b, 'ACCEPT_CALL', { from: a.username }), 'NO_SUCH_REQUEST');
    assert.equal(await errorCode(a, 'CANCEL_CALL', { to: b.username }), 'NO_SUCH_REQUEST');
    assert.deepEqual(await receivedAfter(c, 0), []);
  });
});

describe('relays', () => {
  it('carry descriptors and candidates both ways with `from` set by the server', async () => {
    const { a, b, c } = await inCall();
    assert.deepEqual(await a.send('SEND_CALLER_DESCRIPTOR', { to: b.username, sdp: { ...offer, extra: 'x' }, from: c.username }), { ok: true });
    assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: a.username, sdp: offer });
    assert.deepEqual(await b.send('SEND_RECIPIENT_DESCRIPTOR', { to: a.username, sdp: answer }), { ok: true });
    assert.deepEqual(await a.next('RECIPIENT_DESCRIPTOR_RECEIVED'), { from: b.username, sdp: answer });
    const cand = { ...candidate(1), usernameFragment: 'abcd', junk: 'y'.repeat(10) };
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: b.username, candidate: cand }), { ok: true });
    const { junk, ...clean } = cand;
    void junk;
    assert.deepEqual(await b.next('ICE_CANDIDATE_RECEIVED'), { from: a.username, candidate: clean });
    assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: a.username, candidate: { candidate: '' } }), { ok: true });
    assert.deepEqual(await a.next('ICE_CANDIDATE_RECEIVED'), { from: b.username, candidate: { candidate: '' } });
    assert.deepEqual(await receivedAfter(c, 0), []);
  });

  it('WRONG_ROLE for an offer from the recipient or an answer from the caller', async () => {
    const { a, b, c } = await inCall();
    assert.equal(await errorCode(b, 'SEND_CALLER_DESCRIPTOR', { to: a.username, sdp: offer }), 'WRONG_ROLE');
    assert.equal(await errorCode(a, 'SEND_RECIPIENT_DESCRIPTOR', { to: b.username, sdp: answer }), 'WRONG_ROLE');
    assert.deepEqual(await receivedAfter(a, 1), []);
    assert.deepEqual(await receivedAfter(b, 1), []);
    void c;
  });

  it('NOT_IN_CALL while only pending, to a bystander, and after hang-up', async () => {
    const { a, b, c } = await pending();
    assert.equal(await errorCode(a, 'SEND_CALLER_DESCRIPTOR', { to: b.username, sdp: offer }), 'NOT_IN_CALL');
    assert.equal(await errorCode(a, 'SEND_ICE_CANDIDATE', { to: b.username, candidate: candidate() }), 'NOT_IN_CALL');
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: a.username }), { ok: true });
    assert.equal(await errorCode(a, 'SEND_ICE_CANDIDATE', { to: c.username, candidate: candidate() }), 'NOT_IN_CALL');
    assert.equal(await errorCode(c, 'SEND_ICE_CANDIDATE', { to: a.username, candidate: candidate() }), 'NOT_IN_CALL');
    assert.deepEqual(await a.send('HANG_UP', { to: b.username }), { ok: true });
    assert.equal(await errorCode(b, 'SEND_RECIPIENT_DESCRIPTOR', { to: a.username, sdp: answer }), 'NOT_IN_CALL');
    assert.deepEqual(await receivedAfter(c, 0), []);
  });

  it('the descriptor type must match the event: INVALID_PAYLOAD', async () => {
    const { a, b } = await inCall();
    assert.equal(await errorCode(a, 'SEND_CALLER_DESCRIPTOR', { to: b.username, sdp: answer }), 'INVALID_PAYLOAD');
    assert.equal(await errorCode(b, 'SEND_RECIPIENT_DESCRIPTOR', { to: a.username, sdp: offer }), 'INVALID_PAYLOAD');
    assert.equal(await errorCode(a, 'SEND_ICE_CANDIDATE', { to: b.username, candidate: { sdpMid: '0' } }), 'INVALID_PAYLOAD');
    assert.equal(await errorCode(a, 'SEND_ICE_CANDIDATE', { to: b.username, candidate: 'candidate:1' }), 'INVALID_PAYLOAD');
    assert.deepEqual(await receivedAfter(b, 1), []);
  });

  it('PAYLOAD_TOO_LARGE over 65,536 SDP characters or 2,048 candidate characters; the limits themselves pass', async () => {
    const { a, b } = await inCall();
    const big = { type: 'offer', sdp: 'a'.repeat(65_537) };
    assert.equal(await errorCode(a, 'SEND_CALLER_DESCRIPTOR', { to: b.username, sdp: big }), 'PAYLOAD_TOO_LARGE');
    assert.equal(
      await errorCode(a, 'SEND_ICE_CANDIDATE', { to: b.username, candidate: { candidate: 'c'.repeat(2_049) } }),
      'PAYLOAD_TOO_LARGE',
    );
    assert.deepEqual(await a.send('SEND_CALLER_DESCRIPTOR', { to: b.username, sdp: { type: 'offer', sdp: 'a'.repeat(65_536) } }), { ok: true });
    assert.equal((await b.next('CALLER_DESCRIPTOR_RECEIVED')).sdp.sdp.length, 65_536);
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: b.username, candidate: { candidate: 'c'.repeat(2_048) } }), { ok: true });
    assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).candidate.candidate.length, 2_048);
  });

  it('hundreds of candidates arrive in the order they were sent, also without acks', async () => {
    const { a, b } = await inCall();
    for (let i = 0; i < 250; i++) a.socket.emit('SEND_ICE_CANDIDATE', { to: b.username, candidate: candidate(i) });
    const last = await a.send('SEND_ICE_CANDIDATE', { to: b.username, candidate: candidate(250) });
    assert.equal(last.ok, true);
    for (let i = 0; i <= 250; i++) {
      assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).candidate.candidate, candidate(i).candidate);
    }
  });
});

describe('HANG_UP', () => {
  it('ends the call for both; the peer gets CALL_ENDED "hangup"; both can call again', async () => {
    const { a, b, c } = await inCall();
    assert.equal(await errorCode(c, 'HANG_UP', { to: a.username }), 'NOT_IN_CALL');
    assert.equal(await errorCode(a, 'HANG_UP', { to: c.username }), 'NOT_IN_CALL');
    assert.deepEqual(await b.send('HANG_UP', { to: a.username }), { ok: true });
    assert.deepEqual(await a.next('CALL_ENDED'), { by: b.username, reason: 'hangup' });
    assert.equal(await errorCode(a, 'HANG_UP', { to: b.username }), 'NOT_IN_CALL');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: c.username }), { ok: true });
    assert.deepEqual(await c.next('CALL_REQUESTED'), { from: a.username });
  });

  it('HANG_UP on a pending request is NOT_IN_CALL (cancel it instead)', async () => {
    const { a, b } = await pending();
    assert.equal(await errorCode(a, 'HANG_UP', { to: b.username }), 'NOT_IN_CALL');
  });
});

describe('leaving on purpose', () => {
  it('frees the name and tells the peer of a call: CALL_ENDED "disconnected"', async () => {
    const { a, b, c } = await inCall();
    b.socket.disconnect();
    assert.deepEqual(await a.next('CALL_ENDED'), { by: b.username, reason: 'disconnected' });
    // The name is free before the other party hears of it.
    const again = await userNamed(b.username);
    assert.equal(again.username, b.username);
    assert.deepEqual(await receivedAfter(c, 0), []);
  });

  it('a caller who leaves cancels the request: CALL_CANCELED "unavailable"', async () => {
    const { a, b } = await pending();
    a.socket.disconnect();
    assert.deepEqual(await b.next('CALL_CANCELED'), { by: a.username, reason: 'unavailable' });
    assert.equal(await errorCode(b, 'ACCEPT_CALL', { from: a.username }), 'NO_SUCH_REQUEST');
  });

  it('a recipient who leaves rejects the request: CALL_REJECTED "unavailable"', async () => {
    const { a, b } = await pending();
    b.socket.disconnect();
    assert.deepEqual(await a.next('CALL_REJECTED'), { by: b.username, reason: 'unavailable' });
    assert.equal(await errorCode(a, 'REQUEST_CALL', { to: b.username }), 'USER_NOT_FOUND');
  });
});

describe('events without an acknowledgement', () => {
  it('are still validated and executed; errors are dropped silently', async () => {
    const a = await userNamed(uniq('Ann'));
    const b = await userNamed(uniq('Bob'));
    a.socket.emit('REQUEST_CALL', { to: b.username });
    assert.deepEqual(await b.next('CALL_REQUESTED'), { from: a.username });
    a.socket.emit('REQUEST_CALL', 'garbage');
    a.socket.emit('NO_SUCH_EVENT', {});
    a.socket.emit('HANG_UP', { to: b.username });
    b.socket.emit('ACCEPT_CALL', { from: a.username });
    assert.deepEqual(await a.next('CALL_ACCEPTED'), { by: b.username });
    assert.equal(a.socket.connected, true);
  });
});
