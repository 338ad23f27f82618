// The v2 bookkeeping of both stores (Transaction.getData / setData): values
// expire, so request windows, reports, suspensions and saved blocks never
// grow without bound (Redis keys carry a PX expiry); and a `persistent`
// session's blocks are saved when it ends and restored at the next one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as calls from '../rules/calls.js';
import { parseName } from '../../protocol/index.js';
import { parseIdentity } from '../identity/names.js';
import { MemoryStore } from '../store/memory-store.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis;
const opened: Store[] = [];
let prefixes = 0;

before(async () => {
  redis = await startRedis();
});
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
});

const setups: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'redis',
    async () => {
      const store = new RedisStore({ url: redis.url, node: 'n1', prefix: `d${++prefixes}:`, ringTimeoutMs: 30_000 });
      opened.push(store);
      await store.ready;
      return store;
    },
  ],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [setup, open] of setups) {
  describe(`store data (${setup})`, () => {
    it('a value written with an expiry reads back until then, and is gone after', async () => {
      const store = await open();
      await store.transact(async (tx) => tx.setData('w', { list: [1, 2] }, 150));
      assert.deepEqual(await store.transact((tx) => tx.getData('w')), { list: [1, 2] });
      if (store instanceof RedisStore) {
        const ttl = await store.redis.call(store.redis.client.pTTL(`${store.prefix}data:w`));
        assert.ok(ttl > 0 && ttl <= 150, `PX expiry set (${ttl})`);
      }
      await sleep(250);
      assert.equal(await store.transact((tx) => tx.getData('w')), undefined);
      await store.transact(async (tx) => tx.setData('x', 1, 60_000));
      await store.transact(async (tx) => tx.deleteData('x'));
      assert.equal(await store.transact((tx) => tx.getData('x')), undefined);
    });

    it('every piece of request-window bookkeeping carries an expiry', async () => {
      const store = await open();
      const [a, b] = [parseName('ann')!, parseName('bob')!];
      await store.transact((tx) => calls.register(tx, a, 's1', 'h1', null));
      await store.transact((tx) => calls.register(tx, b, 's2', 'h2', null));
      await store.transact((tx) => calls.requestCall(tx, a.key, b.key, 'bob'));
      await store.transact((tx) => calls.cancelCall(tx, a.key, b.key));
      if (store instanceof RedisStore) {
        const keys = await store.redis.call(store.redis.client.keys(`${store.prefix}data:*`));
        assert.ok(keys.length >= 2);
        for (const key of keys) {
          const ttl = await store.redis.call(store.redis.client.pTTL(key));
          assert.ok(ttl > 0 && ttl <= 120_000, `${key}: ${ttl}`);
        }
      } else {
        assert.equal((store as MemoryStore).dataSize, 2);
      }
    });

    it('a persistent session saves its blocks when it ends and gets them back; a plain one does not', async () => {
      const store = await open();
      const [a, b] = [parseName('ann')!, parseName('bob')!];
      await store.transact((tx) => calls.register(tx, a, 's1', 'h1', null, true));
      await store.transact((tx) => calls.block(tx, a.key, b.key, b.display));
      await store.transact((tx) => calls.leave(tx, a.key, 's1'));
      await store.transact((tx) => calls.register(tx, a, 's2', 'h2', null, true));
      assert.deepEqual((await store.get(a.key))?.blocks, ['=bob'], 'the exact identity blocked (v2.1)');
      await store.transact((tx) => calls.leave(tx, a.key, 's2'));
      // v2.1: a different identity with a look-alike name ("rnary" for "mary") never gets them.
      const [mary, rnary] = [parseIdentity('mary'), parseIdentity('rnary')].map((p) => (p.ok ? p.name : assert.fail(p.message)));
      assert.equal(mary.key, rnary.key);
      await store.transact((tx) => calls.register(tx, mary, 's4', 'h4', null, true));
      await store.transact((tx) => calls.block(tx, mary.key, b.key, b.display));
      await store.transact((tx) => calls.leave(tx, mary.key, 's4'));
      await store.transact((tx) => calls.register(tx, rnary, 's5', 'h5', null, true));
      assert.equal((await store.get(rnary.key))?.blocks, undefined, "mary's blocks are not rnary's");
      await store.transact((tx) => calls.leave(tx, rnary.key, 's5'));
      await store.transact((tx) => calls.register(tx, mary, 's6', 'h6', null, true));
      assert.deepEqual((await store.get(mary.key))?.blocks, ['=bob']);
      await store.transact((tx) => calls.leave(tx, mary.key, 's6'));
      await store.transact((tx) => calls.register(tx, a, 's3', 'h3', null));
      assert.equal((await store.get(a.key))?.blocks, undefined, 'not restored without a signed identity');
    });

    it('v2.1: a suspension belongs to the exact identity under signed identities, to the look-alike key without', async () => {
      const settings = { threshold: 3, suspendMs: 60_000, minAgeMs: 0 };
      const identity = (name: string) => {
        const parsed = parseIdentity(name);
        return parsed.ok ? parsed.name : assert.fail(parsed.message);
      };
      for (const signed of [true, false]) {
        const store = await open();
        const [mary, rnary] = [identity('mary'), identity('rnary')];
        const reporters = ['r1', 'r2', 'r3'].map(identity);
        const join = (key: string) => store.transact((tx) => calls.joinQueue(tx, key));
        await store.transact((tx) => calls.register(tx, mary, 'm', 'h', null, signed));
        for (const [i, r] of reporters.entries()) {
          await store.transact((tx) => calls.register(tx, r, `r${i}`, 'h', null, signed));
          await join(mary.key);
          assert.equal((await join(r.key)).value?.peer, mary.key);
          await store.transact((tx) => calls.hangUp(tx, r.key, mary.key));
          const result = await store.transact((tx) => calls.report(tx, r.key, mary.key, `192.0.2.${i}`, settings));
          assert.deepEqual([result.value.fresh, result.value.counted], [true, true]);
        }
        await assert.rejects(join(mary.key), { code: 'TRY_LATER' });
        await store.transact((tx) => calls.leave(tx, mary.key, 'm'));
        await store.transact((tx) => calls.register(tx, rnary, 'n', 'h', null, signed));
        if (signed) assert.equal((await join(rnary.key)).value, null, 'another account with a look-alike name is not suspended');
        else await assert.rejects(join(rnary.key), { code: 'TRY_LATER' }, 'a look-alike guest name cannot shed it');
      }
    });
  });
}
