// Interests in roulette matching (docs/protocol.md, "Roulette v2"): shared
// interests pair at once, others after INTEREST_WAIT_MS (the one timed
// pairing), users without interests pair with each other at once, and
// MATCHED carries the shared interests in compared form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ackCode as code, receivedAfter, serverPerTest, sleep, users } from './helpers.js';

const servers = serverPerTest();

describe('FIND_MATCH interests', () => {
  it('users sharing an interest are paired at once; common is in compared form (NFKC, lower case)', async () => {
    const t = await servers.start({ interestWaitMs: 60_000 });
    const [a, b] = await users(t, 'Ann', 'Bob');
    assert.deepEqual(await a.send('FIND_MATCH', { interests: [' Chess ', 'Jazz', 'ｆｉｌｍ'] }), { ok: true });
    const started = Date.now();
    assert.deepEqual(await b.send('FIND_MATCH', { interests: ['go', 'FILM', 'chess'] }), { ok: true });
    assert.deepEqual(await a.next('MATCHED'), { peer: 'Bob', role: 'caller', common: ['chess', 'film'] });
    assert.deepEqual(await b.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: ['chess', 'film'] });
    assert.ok(Date.now() - started < 250);
  });

  it('the longest-waiting user the newcomer may be paired with comes first', async () => {
    const t = await servers.start({ interestWaitMs: 60_000 });
    const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
    await a.send('FIND_MATCH', { interests: ['chess'] });
    await b.send('FIND_MATCH', { interests: ['jazz'] });
    assert.deepEqual(await receivedAfter(a, 0, 50), []);
    await c.send('FIND_MATCH', { interests: ['jazz', 'chess'] });
    assert.deepEqual(await c.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: ['chess'] });
    assert.deepEqual(await receivedAfter(b, 0), [], 'Bob waits on');
  });

  it('no shared interest: paired only once INTEREST_WAIT_MS has passed, with no newcomer needed', async () => {
    const t = await servers.start({ interestWaitMs: 700 });
    const [a, b] = await users(t, 'Ann', 'Bob');
    const started = Date.now();
    await a.send('FIND_MATCH', { interests: ['chess'] });
    await b.send('FIND_MATCH', { interests: ['jazz'] });
    assert.deepEqual(await receivedAfter(a, 0, 300), [], 'not before the wait');
    assert.deepEqual(await a.next('MATCHED', 3000), { peer: 'Bob', role: 'caller', common: [] });
    assert.deepEqual(await b.next('MATCHED'), { peer: 'Ann', role: 'recipient', common: [] });
    assert.ok(Date.now() - started >= 690, `after ${Date.now() - started} ms`);
  });

  it('users without interests pair at once with each other, and with a user with interests only after their wait', async () => {
    const t = await servers.start({ interestWaitMs: 2000 });
    const [a, b, c, d] = await users(t, 'Ann', 'Bob', 'Cy', 'Dee');
    await a.send('FIND_MATCH', { interests: ['chess'] });
    await b.send('FIND_MATCH', {});
    assert.deepEqual(await receivedAfter(b, 0, 50), [], 'Ann has not waited long enough');
    await c.send('FIND_MATCH', { interests: [] });
    assert.deepEqual(await c.next('MATCHED'), { peer: 'Bob', role: 'recipient', common: [] });
    await d.send('FIND_MATCH', null);
    assert.deepEqual(await receivedAfter(d, 0, 100), []);
    assert.deepEqual(await a.next('MATCHED', 5000), { peer: 'Dee', role: 'caller', common: [] });
  });

  it('up to 10 interests of 1–32 characters after trimming; anything else is INVALID_PAYLOAD', async () => {
    const t = await servers.start();
    const [a] = await users(t, 'Ann');
    const bad = [
      Array.from({ length: 11 }, (_, i) => `i${i}`),
      [''],
      ['   '],
      ['x'.repeat(33)],
      [5],
      [null],
      'chess',
      { 0: 'chess' },
      [['chess']],
    ];
    for (const interests of bad) {
      assert.equal(await code(a, 'FIND_MATCH', { interests }), 'INVALID_PAYLOAD', JSON.stringify(interests));
    }
    assert.equal(await code(a, 'FIND_MATCH', 'x'), 'INVALID_PAYLOAD');
    assert.equal(
      await code(a, 'FIND_MATCH', { interests: [...Array.from({ length: 9 }, (_, i) => `i${i}`), `  ${'y'.repeat(32)}  `] }),
      'ok',
    );
    await a.send('LEAVE_QUEUE', {});
    assert.equal(await code(a, 'FIND_MATCH', { interests: null }), 'ok', 'null counts as absent');
    await sleep(10);
  });
});
