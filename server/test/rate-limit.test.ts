// The floor of docs/protocol.md is never limited; a flood is.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { candidate, sleep, startServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startServer();
});
after(() => t.close());

async function inCall(a: string, b: string) {
  const ca = await t.user(a);
  const cb = await t.user(b);
  await ca.send('REQUEST_CALL', { to: b });
  await cb.send('ACCEPT_CALL', { from: a });
  return [ca, cb] as const;
}

it('a burst of 300 events, then 50 per second for 3 seconds, is never limited', async () => {
  const [a, b] = await inCall('burst-a', 'burst-b');
  const burst = await Promise.all(
    Array.from({ length: 300 }, (_, i) => a.send('SEND_ICE_CANDIDATE', { to: 'burst-b', candidate: candidate(i) })),
  );
  assert.ok(burst.every((ack) => ack.ok), 'burst accepted');
  for (let second = 0; second < 3; second++) {
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => a.send('SEND_ICE_CANDIDATE', { to: 'burst-b', candidate: candidate(i) })),
    );
    assert.ok(acks.every((ack) => ack.ok), `second ${second}`);
    await sleep(1000);
  }
  await sleep(50);
  assert.equal(b.received.filter((r) => r.event === 'ICE_CANDIDATE_RECEIVED').length, 450);
});

it('a flood gets RATE_LIMITED, the peer receives no more than was allowed, others are unaffected', async () => {
  const [a, b] = await inCall('flood-a', 'flood-b');
  const [c, d] = await inCall('calm-c', 'calm-d');
  const acks = await Promise.all(
    Array.from({ length: 2000 }, (_, i) => a.send('SEND_ICE_CANDIDATE', { to: 'flood-b', candidate: candidate(i) })),
  );
  const limited = acks.filter((ack) => !ack.ok);
  assert.ok(limited.length > 1000, `limited ${limited.length}`);
  assert.ok(limited.every((ack) => ack.error.code === 'RATE_LIMITED'));
  await sleep(100);
  const delivered = b.received.filter((r) => r.event === 'ICE_CANDIDATE_RECEIVED').length;
  assert.equal(delivered, acks.length - limited.length);
  assert.deepEqual(await c.send('SEND_ICE_CANDIDATE', { to: 'calm-d', candidate: candidate(1) }), { ok: true });
  await d.next('ICE_CANDIDATE_RECEIVED');
});
