// Blocking (docs/protocol.md, "Blocking (v2)"): BLOCK / UNBLOCK, requests
// that look offline, the pending request withdrawn, never matched, blocks
// that last as long as the blocker's session.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ackCode, candidate, receivedAfter, serverPerTest, sleep, type TestServer, users } from './helpers.js';

const servers = serverPerTest();
const code = ackCode;
let t: TestServer;

describe('BLOCK', () => {
  it("the blocked name's requests look as if the blocker were offline; the blocker may still call; UNBLOCK undoes it", async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    assert.deepEqual(await b.send('BLOCK', { name: 'ann' }), { ok: true }, 'names compare as names do');
    const refused = await a.send('REQUEST_CALL', { to: 'Bob' });
    const offline = await a.send('REQUEST_CALL', { to: 'Zed' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'USER_NOT_FOUND');
    assert.equal(refused.error.message, offline.error.message.replace('Zed', 'Bob'), 'exactly as if offline');
    assert.deepEqual(await receivedAfter(b, 0), [], 'the BLOCK ack is the only confirmation');
    assert.deepEqual(await b.send('REQUEST_CALL', { to: 'Ann' }), { ok: true });
    assert.deepEqual(await a.next('CALL_REQUESTED'), { from: 'Bob' });
    await b.send('CANCEL_CALL', { to: 'Ann' });
    assert.deepEqual(await b.send('UNBLOCK', { name: 'Ann' }), { ok: true });
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Bob' }), { ok: true });
    assert.deepEqual(await b.next('CALL_REQUESTED'), { from: 'Ann' });
  });

  it('withdraws a pending request from the blocked name: the caller gets CALL_REJECTED "rejected", the blocker nothing', async () => {
    t = await servers.start();
    const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await b.next('CALL_REQUESTED');
    const seen = b.received.length;
    assert.deepEqual(await b.send('BLOCK', { name: 'Ann' }), { ok: true });
    assert.deepEqual(await a.next('CALL_REJECTED'), { by: 'Bob', reason: 'rejected' });
    assert.deepEqual(await receivedAfter(b, seen), []);
    assert.equal(await code(b, 'ACCEPT_CALL', { from: 'Ann' }), 'NO_SUCH_REQUEST', 'the request is gone');
    // Both are free again.
    assert.deepEqual(await b.send('REQUEST_CALL', { to: 'Cy' }), { ok: true });
    await c.next('CALL_REQUESTED');
    assert.equal(await code(a, 'REQUEST_CALL', { to: 'Cy' }), 'USER_BUSY');
  });

  it("leaves the blocker's own request to the blocked name, and a call in progress, alone", async () => {
    t = await servers.start();
    const [a, b] = await users(t, 'Ann', 'Bob');
    await b.send('REQUEST_CALL', { to: 'Ann' });
    await a.next('CALL_REQUESTED');
    assert.deepEqual(await b.send('BLOCK', { name: 'Ann' }), { ok: true });
    assert.deepEqual(await a.send('ACCEPT_CALL', { from: 'Bob' }), { ok: true });
    await b.next('CALL_ACCEPTED');
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: 'Bob', candidate: candidate(1) }), { ok: true });
    assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).from, 'Ann');
    assert.deepEqual(await receivedAfter(a, 0), ['CALL_REQUESTED'], 'no CALL_ENDED');
  });

  it('own name (or a look-alike of it) and invalid names are INVALID_PAYLOAD; offline names may be blocked', async () => {
    t = await servers.start();
    const [a] = await users(t, 'Ann');
    for (const payload of [{ name: 'Ann' }, { name: 'ＡＮＮ' }, { name: '' }, { name: '   ' }, { name: 5 }, {}, 'Bob', null, { name: 'a\u200bb' }, { name: 'x'.repeat(5000) }]) {
      assert.equal(await code(a, 'BLOCK', payload), 'INVALID_PAYLOAD', JSON.stringify(payload)?.slice(0, 40));
    }
    assert.equal(await code(a, 'UNBLOCK', { name: 'ann' }), 'INVALID_PAYLOAD');
    assert.equal(await code(a, 'UNBLOCK', { name: 7 }), 'INVALID_PAYLOAD');
    assert.deepEqual(await a.send('BLOCK', { name: 'somebody-offline' }), { ok: true });
    assert.deepEqual(await a.send('BLOCK', { name: 'somebody-offline' }), { ok: true }, 'again: still ok');
    assert.deepEqual(await a.send('UNBLOCK', { name: 'never-blocked' }), { ok: true });
    const guest = await t.client();
    assert.equal(await code(guest, 'BLOCK', { name: 'Ann' }), 'NOT_CONNECTED');
  });

  it('the two are never matched; others are', async () => {
    t = await servers.start();
    const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
    await b.send('BLOCK', { name: 'Ann' });
    await a.send('FIND_MATCH', {});
    await b.send('FIND_MATCH', {});
    assert.deepEqual(await receivedAfter(a, 0, 100), []);
    await c.send('FIND_MATCH', {});
    assert.deepEqual(await c.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: [] });
    assert.deepEqual(await receivedAfter(b, 0), [], 'Bob still waits');
    // Blocked the other way round too.
    const d = await t.user('Dee');
    await d.send('BLOCK', { name: 'Bob' });
    await d.send('FIND_MATCH', {});
    assert.deepEqual(await receivedAfter(d, 0, 100), []);
  });

  it('lasts for the session: kept across a resume, gone when the blocker leaves', async () => {
    t = await servers.start({ resumeGraceMs: 3000 });
    const [a] = await users(t, 'Ann');
    const b = await t.client();
    const { resume } = await b.send('CONNECT', { as: 'Bob' });
    await b.send('BLOCK', { name: 'Ann' });
    (b.socket.io as any).engine.close();
    await sleep(100);
    const back = await t.client();
    assert.equal((await back.send('CONNECT', { as: 'Bob', resume })).ok, true);
    assert.equal(await code(a, 'REQUEST_CALL', { to: 'Bob' }), 'USER_NOT_FOUND');
    back.socket.disconnect();
    await sleep(100);
    const again = await t.user('Bob');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Bob' }), { ok: true });
    await again.next('CALL_REQUESTED');
  });

  it('at most 1,000 blocks per user (RATE_LIMITED past that); UNBLOCK makes room', async () => {
    t = await servers.start({ rateLimit: { burst: 100_000, perSecond: 100_000 } });
    const [a] = await users(t, 'Ann');
    // In chunks: one connection's events run one after another, and each ack must come within the helper's 5 s.
    for (let from = 0; from < 1000; from += 100) {
      const acks = await Promise.all(Array.from({ length: 100 }, (_, i) => a.send('BLOCK', { name: `blocked-${from + i}` })));
      assert.ok(acks.every((ack) => ack.ok));
    }
    assert.equal(await code(a, 'BLOCK', { name: 'one-more' }), 'RATE_LIMITED');
    assert.deepEqual(await a.send('BLOCK', { name: 'blocked-7' }), { ok: true }, 'an existing block is fine');
    assert.deepEqual(await a.send('UNBLOCK', { name: 'blocked-7' }), { ok: true });
    assert.deepEqual(await a.send('BLOCK', { name: 'one-more' }), { ok: true });
  });
});
