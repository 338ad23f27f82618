// Roulette matching (docs/protocol.md): FIND_MATCH, LEAVE_QUEUE, MATCHED.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ackCode, offer, receivedAfter, serverPerTest, sleep, type TestServer, users } from './helpers.js';

const servers = serverPerTest();
const code = ackCode;
let t: TestServer;

describe('FIND_MATCH', () => {
  it('pairs two queued users at once as an accepted call; the longer waiter is the caller', async () => {
    t = await servers.start();
    const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
    assert.deepEqual(await a.send('FIND_MATCH', {}), { ok: true });
    assert.deepEqual(await receivedAfter(a, 0, 50), [], 'alone: waits');
    const started = Date.now();
    assert.deepEqual(await b.send('FIND_MATCH', {}), { ok: true });
    assert.deepEqual(await a.next('MATCHED'), { peer: 'Bob', role: 'caller', common: [] });
    assert.deepEqual(await b.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: [] });
    assert.ok(Date.now() - started < 250);
    // No accept step: the caller's offer relays at once.
    assert.deepEqual(await a.send('SEND_CALLER_DESCRIPTOR', { to: 'Bob', sdp: offer }), { ok: true });
    assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'Ann', sdp: offer });
    assert.equal(await code(c, 'REQUEST_CALL', { to: 'Ann' }), 'USER_BUSY');
    assert.deepEqual(await receivedAfter(c, 0), []);
  });

  it('a queued user is busy; FIND_MATCH or REQUEST_CALL again is ALREADY_IN_CALL', async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    await a.send('FIND_MATCH', {});
    assert.equal(await code(b, 'REQUEST_CALL', { to: 'Ann' }), 'USER_BUSY');
    assert.equal(await code(a, 'FIND_MATCH', {}), 'ALREADY_IN_CALL');
    assert.equal(await code(a, 'REQUEST_CALL', { to: 'Bob' }), 'ALREADY_IN_CALL');
    assert.equal(await code(b, 'FIND_MATCH', 'x'), 'INVALID_PAYLOAD');
    assert.equal(await code(b, 'FIND_MATCH', [1]), 'INVALID_PAYLOAD');
    assert.equal(await code(b, 'LEAVE_QUEUE', 5), 'INVALID_PAYLOAD');
    assert.equal(await code(b, 'LEAVE_QUEUE', null), 'NO_SUCH_REQUEST', 'null counts as no payload');
  });

  it('oldest first: a newcomer is paired with the longest-waiting user it may be paired with', async () => {
    t = await servers.start();
    const [a, b, c, d] = await users(t, 'a1', 'b1', 'c1', 'd1');
    // a and b were just matched together; both look again.
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await a.next('MATCHED');
    await a.send('HANG_UP', { to: 'b1' });
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await sleep(50);
    assert.equal(a.received.filter((r) => r.event === 'MATCHED').length, 1, 'not re-paired with each other');
    await c.send('FIND_MATCH', {});
    assert.deepEqual(await c.next('MATCHED'), { peer: 'a1', role: 'recipient', common: [] }, 'a waited longest');
    await d.send('FIND_MATCH', {});
    assert.deepEqual(await d.next('MATCHED'), { peer: 'b1', role: 'recipient', common: [] });
  });

  it('"Next": after a match with someone else in between, two people may meet again', async () => {
    t = await servers.start();
    const [a, b, c] = await users(t, 'a2', 'b2', 'c2');
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await b.next('MATCHED');
    await b.send('HANG_UP', { to: 'a2' });
    assert.deepEqual(await a.next('CALL_ENDED'), { by: 'b2', reason: 'hangup' });
    await b.send('FIND_MATCH', {});
    await c.send('FIND_MATCH', {});
    assert.deepEqual(await c.next('MATCHED'), { peer: 'b2', role: 'recipient', common: [] });
    await c.send('HANG_UP', { to: 'b2' });
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    assert.deepEqual(await a.next('MATCHED'), { peer: 'b2', role: 'caller', common: [] }, 'b met c in between');
  });

  it('a direct call does not count as a match for the re-pairing rule', async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'a3', 'b3');
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await a.next('MATCHED');
    await a.send('HANG_UP', { to: 'b3' });
    await a.send('REQUEST_CALL', { to: 'b3' });
    await b.send('ACCEPT_CALL', { from: 'a3' });
    await b.send('HANG_UP', { to: 'a3' });
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await sleep(50);
    assert.equal(a.received.filter((r) => r.event === 'MATCHED').length, 1);
  });

  it('200 simultaneous FIND_MATCH: everyone matched exactly once, pairs never share a person', async () => {
    t = await servers.start();
    const clients = await Promise.all(Array.from({ length: 200 }, (_, i) => t!.user(`m${i}`)));
    const acks = await Promise.all(clients.map((c) => c.send('FIND_MATCH', {})));
    assert.ok(acks.every((a) => a.ok));
    const matches = await Promise.all(clients.map((c) => c.next('MATCHED', 3000)));
    const partner = new Map(matches.map((m, i) => [`m${i}`, m.peer as string]));
    for (const [me, peer] of partner) {
      assert.notEqual(me, peer, 'no self-match');
      assert.equal(partner.get(peer), me, `${me}↔${peer} is mutual`);
    }
    await sleep(50);
    assert.ok(clients.every((c) => c.received.filter((r) => r.event === 'MATCHED').length === 1));
    const roles = matches.map((m) => m.role);
    assert.equal(roles.filter((r) => r === 'caller').length, 100);
  });
});

describe('LEAVE_QUEUE and leaving', () => {
  it('LEAVE_QUEUE takes the user out; NO_SUCH_REQUEST when not queued', async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    assert.equal(await code(a, 'LEAVE_QUEUE', {}), 'NO_SUCH_REQUEST');
    await a.send('FIND_MATCH', {});
    assert.deepEqual(await a.send('LEAVE_QUEUE', {}), { ok: true });
    assert.deepEqual(await b.send('FIND_MATCH', {}), { ok: true });
    assert.deepEqual(await receivedAfter(b, 0), []);
    assert.deepEqual(await b.send('REQUEST_CALL', { to: 'Ann' }).then((x) => x.ok), false, 'b is queued');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Cy' }).then((x) => x.ok ? 'ok' : x.error.code), 'USER_NOT_FOUND');
  });

  it('a deliberate disconnect leaves the queue', async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    await a.send('FIND_MATCH', {});
    a.socket.disconnect();
    await sleep(50);
    await b.send('FIND_MATCH', {});
    assert.deepEqual(await receivedAfter(b, 0), []);
  });

  it('a matched peer who leaves ends the call: CALL_ENDED "disconnected"', async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    await a.next('MATCHED');
    b.socket.disconnect();
    assert.deepEqual(await a.next('CALL_ENDED'), { by: 'Bob', reason: 'disconnected' });
  });

  it('a queued user whose connection drops is not paired while away, and is after a resume', async () => {
    t = await servers.start({ resumeGraceMs: 2000 });
    const a = await t.client();
    const { resume } = await a.send('CONNECT', { as: 'Ann' });
    await a.send('FIND_MATCH', {});
    (a.socket.io as any).engine.close();
    await sleep(100);
    const b = await t.user('Bob');
    await b.send('FIND_MATCH', {});
    assert.deepEqual(await receivedAfter(b, 0), []);
    const back = await t.client();
    assert.equal((await back.send('CONNECT', { as: 'Ann', resume })).ok, true);
    assert.deepEqual(await back.next('MATCHED'), { peer: 'Bob', role: 'caller', common: [] });
    assert.deepEqual(await b.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: [] });
  });

  it('grace expiry takes a queued user out of the queue', async () => {
    t = await servers.start({ resumeGraceMs: 100 });
    const a = await t.user('Ann');
    await a.send('FIND_MATCH', {});
    (a.socket.io as any).engine.close();
    await sleep(250);
    const b = await t.user('Bob');
    const c = await t.user('Cy');
    await b.send('FIND_MATCH', {});
    await c.send('FIND_MATCH', {});
    assert.deepEqual(await b.next('MATCHED'), { peer: 'Cy', role: 'caller', common: [] });
  });
});
