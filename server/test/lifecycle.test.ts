// Time and connection lifecycles: ring timeout, resume after a dropped
// transport, grace expiry, and shutdown.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { candidate, offer, receivedAfter, sleep, startServer, type Client, type TestServer } from './helpers.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function connectAs(server: TestServer, payload: object) {
  const c = await server.client();
  const ack = await c.send('CONNECT', payload);
  return { c, ack };
}

/** Drops the transport the way a network change does: no deliberate disconnect. */
function dropTransport(c: Client): void {
  (c.socket.io as any).engine.close();
}

describe('ring timeout', () => {
  it('withdraws an unanswered request: caller CALL_REJECTED "timeout", recipient CALL_CANCELED "timeout"', async () => {
    t = await startServer({ ringTimeoutMs: 150 });
    const a = await t.user('Ann');
    const b = await t.user('Bob');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'bob' }), { ok: true });
    await b.next('CALL_REQUESTED');
    assert.deepEqual(await a.next('CALL_REJECTED', 1000), { by: 'Bob', reason: 'timeout' });
    assert.deepEqual(await b.next('CALL_CANCELED', 1000), { by: 'Ann', reason: 'timeout' });
    const late = await b.send('ACCEPT_CALL', { from: 'Ann' });
    assert.equal(late.ok ? 'ok' : late.error.code, 'NO_SUCH_REQUEST');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Bob' }), { ok: true }, 'both are free again');
  });

  it('does not fire on an answered request, nor on a later request between the same two', async () => {
    t = await startServer({ ringTimeoutMs: 200 });
    const a = await t.user('Ann');
    const b = await t.user('Bob');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await b.send('REJECT_CALL', { from: 'Ann' });
    await sleep(120);
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await sleep(120); // the first request's timer would have fired by now
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: 'Ann' }), { ok: true });
    await sleep(250);
    assert.deepEqual(
      a.received.map((r) => r.event),
      ['CALL_REJECTED', 'CALL_ACCEPTED'],
    );
  });
});

describe('resume', () => {
  it('a dropped transport keeps name and call; the secret takes the session over and relays work again', async () => {
    t = await startServer({ resumeGraceMs: 2000 });
    const { c: a, ack: first } = await connectAs(t, { as: 'Ann' });
    const b = await t.user('Bob');
    const c = await t.user('Cy');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await b.send('ACCEPT_CALL', { from: 'Ann' });
    await a.next('CALL_ACCEPTED');

    const bSeen = b.received.length;
    dropTransport(a);
    await sleep(100);
    // While away: the name is held, new requests find nobody, the peer hears nothing.
    assert.equal((await c.send('REQUEST_CALL', { to: 'ann' })).error?.code, 'USER_NOT_FOUND');
    assert.equal((await connectAs(t, { as: 'ANN' })).ack.error?.code, 'USERNAME_TAKEN');
    assert.equal((await connectAs(t, { as: 'Ann', resume: 'wrong-secret' })).ack.error?.code, 'USERNAME_TAKEN');
    assert.deepEqual(await receivedAfter(b, bSeen), []);

    const { c: back, ack } = await connectAs(t, { as: 'ann', resume: first.resume });
    assert.equal(ack.ok, true);
    assert.equal(ack.username, 'Ann');
    assert.notEqual(ack.resume, first.resume, 'a fresh secret for each resume');
    assert.deepEqual(await back.send('SEND_CALLER_DESCRIPTOR', { to: 'Bob', sdp: offer }), { ok: true });
    assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'Ann', sdp: offer });
    assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: 'Ann', candidate: candidate(3) }), { ok: true });
    assert.equal((await back.next('ICE_CANDIDATE_RECEIVED')).from, 'Bob');

    // The old secret is spent, and the session outlives the old grace period.
    assert.equal((await connectAs(t, { as: 'Ann', resume: first.resume })).ack.error?.code, 'USERNAME_TAKEN');
    await sleep(2200);
    assert.deepEqual(await b.send('HANG_UP', { to: 'Ann' }), { ok: true });
    assert.deepEqual(await back.next('CALL_ENDED'), { by: 'Bob', reason: 'hangup' });
  });

  it('resuming while the old connection still looks alive closes the old one', async () => {
    t = await startServer({ resumeGraceMs: 2000 });
    const { c: old, ack } = await connectAs(t, { as: 'Ann' });
    const closed = new Promise((resolve) => old.socket.once('disconnect', resolve));
    const { ack: again } = await connectAs(t, { as: 'Ann', resume: ack.resume });
    assert.equal(again.ok, true);
    assert.equal(await closed, 'io server disconnect');
    const b = await t.user('Bob');
    assert.deepEqual(await b.send('REQUEST_CALL', { to: 'Ann' }), { ok: true }, 'Ann is still online');
  });

  it('grace expiry frees the name and tells the peer CALL_ENDED "disconnected"', async () => {
    t = await startServer({ resumeGraceMs: 200 });
    const { c: a, ack } = await connectAs(t, { as: 'Ann' });
    const b = await t.user('Bob');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await b.send('ACCEPT_CALL', { from: 'Ann' });
    dropTransport(a);
    assert.deepEqual(await b.next('CALL_ENDED', 2000), { by: 'Ann', reason: 'disconnected' });
    const late = await connectAs(t, { as: 'Ann', resume: ack.resume });
    assert.equal(late.ack.ok, true, 'an expired secret is a plain CONNECT, and the name is free');
    assert.equal((await late.c.send('HANG_UP', { to: 'Bob' })).error?.code, 'NOT_IN_CALL');
  });

  it('grace expiry of a ringing caller cancels the request: CALL_CANCELED "unavailable"', async () => {
    t = await startServer({ resumeGraceMs: 150 });
    const a = await t.user('Ann');
    const b = await t.user('Bob');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    dropTransport(a);
    assert.deepEqual(await b.next('CALL_CANCELED', 2000), { by: 'Ann', reason: 'unavailable' });
  });

  it('with RESUME_GRACE_MS 0 a dropped transport leaves at once', async () => {
    t = await startServer({ resumeGraceMs: 0 });
    const a = await t.user('Ann');
    const b = await t.user('Bob');
    await b.send('REQUEST_CALL', { to: 'Ann' });
    dropTransport(a);
    assert.deepEqual(await b.next('CALL_REJECTED', 1000), { by: 'Ann', reason: 'unavailable' });
  });
});

describe('shutdown', () => {
  it('tells every client why, disconnects them, and stops listening', async () => {
    const server = await startServer();
    const a = await server.user('Ann');
    const b = await server.client();
    const reasons = Promise.all([a, b].map((c) => new Promise((resolve) => c.socket.once('disconnect', resolve))));
    await server.server.close('Back in five minutes.');
    assert.deepEqual(await a.next('SERVER_CLOSING'), { reason: 'Back in five minutes.' });
    assert.deepEqual(await b.next('SERVER_CLOSING'), { reason: 'Back in five minutes.' });
    assert.deepEqual(await reasons, ['io server disconnect', 'io server disconnect']);
    await assert.rejects(fetch(server.server.url));
  });
});
