// The protocol suites again, second setup: two servers sharing a real
// redis-server, each client on the next server round-robin, so callers,
// recipients and relays mostly cross from one process to the other through
// Redis (server/test/helpers.ts). Same tests, same expectations.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RedisStore } from '../store/redis-store.js';
import { startServer, stopTestRedis } from './helpers.js';

process.env.ROULETTE_TEST_SETUP = 'cluster';
after(stopTestRedis);

it('the setup is a cluster: two servers on Redis, clients spread over both', async () => {
  const t = await startServer();
  try {
    assert.equal(t.servers.length, 2);
    assert.notEqual(t.servers[0].url, t.servers[1].url);
    assert.ok(t.servers.every((s) => s.signaling.store instanceof RedisStore));
    const [a, b] = [await t.user('left'), await t.user('right')];
    const local = (i: number) => t.servers[i].signaling.io.of('/').sockets;
    assert.ok(local(0).has(a.socket.id!) && local(1).has(b.socket.id!));
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'right' }), { ok: true });
    assert.deepEqual(await b.next('CALL_REQUESTED'), { from: 'left' });
  } finally {
    await t.close();
  }
});

for (const suite of ['protocol', 'lifecycle', 'matching', 'fuzz', 'call-limits', 'blocking', 'reports', 'interests', 'candidate-batch']) {
  describe(`${suite} (cluster)`, async () => {
    await import(`./${suite}.test.js`);
  });
}
