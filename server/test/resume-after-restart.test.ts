// `resumed` after a Redis restart (docs/protocol.md, "Resume", v2): the
// store lost every session, so both parties of a call that "resume" get
// `resumed: false` — they must show that the call is gone, not wait for
// relays that fail with NOT_IN_CALL.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { candidate, connectClient, startCluster, type Client } from './helpers.js';
import { startRedis } from './redis.js';

it('after a Redis restart, both parties of a call resume with resumed: false and are free to call again', async () => {
  const redis = await startRedis();
  const servers = await startCluster({ resumeGraceMs: 10_000 }, 2, redis.url);
  const clients: Client[] = [];
  try {
    const a = await connectClient(servers[0].url, {}, clients);
    const b = await connectClient(servers[1].url, {}, clients);
    const ackA = await a.send('CONNECT', { as: 'amy' });
    const ackB = await b.send('CONNECT', { as: 'ben' });
    assert.deepEqual([ackA.resumed, ackB.resumed], [false, false]);
    await a.send('REQUEST_CALL', { to: 'ben' });
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: 'amy' }), { ok: true });
    const dropped = Promise.all([a, b].map((c) => new Promise((resolve) => c.socket.once('disconnect', resolve))));

    await redis.stop();
    await redis.start();
    await dropped;

    const a2 = await connectClient(servers[1].url, {}, clients);
    const b2 = await connectClient(servers[0].url, {}, clients);
    const backA = await a2.send('CONNECT', { as: 'amy', resume: ackA.resume });
    const backB = await b2.send('CONNECT', { as: 'ben', resume: ackB.resume });
    assert.deepEqual([backA.ok, backA.resumed, backB.ok, backB.resumed], [true, false, true, false]);
    const relay = await a2.send('SEND_ICE_CANDIDATE', { to: 'ben', candidate: candidate(1) });
    assert.equal(relay.ok ? 'ok' : relay.error.code, 'NOT_IN_CALL', 'the old call is gone, as resumed: false said');
    assert.deepEqual(await a2.send('REQUEST_CALL', { to: 'ben' }), { ok: true }, 'both are free');
  } finally {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    await redis.stop();
  }
});
