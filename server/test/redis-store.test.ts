// RedisStore on a real redis-server: optimistic transactions lose no update
// under contention from two connections, the counters follow the records,
// and every call is bounded when Redis is away or frozen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as calls from '../rules/calls.js';
import { parseName } from '../../protocol/index.js';
import { StoreUnavailableError } from '../store/redis-connection.js';
import { RedisStore } from '../store/redis-store.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis;
const stores: RedisStore[] = [];
let prefixes = 0;

/** `count` stores sharing one fresh prefix, like that many processes. */
function storesOf(count: number, timeoutMs = 3000): RedisStore[] {
  const prefix = `s${++prefixes}:`;
  const made = Array.from(
    { length: count },
    (_, i) => new RedisStore({ url: redis.url, node: `n${i}`, prefix, ringTimeoutMs: 30_000, timeoutMs }),
  );
  stores.push(...made);
  return made;
}

/** Whether `call` succeeds within 5 s of retrying. */
async function eventually(call: () => Promise<unknown>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await call().then(() => true, () => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

before(async () => {
  redis = await startRedis();
});
after(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await redis.stop();
});

describe('transactions', () => {
  it('lose no update when two connections change the same key at once', async () => {
    const [one, two] = storesOf(2);
    const append = (store: RedisStore, id: string) =>
      store.transact(async (tx) => tx.setQueue([...(await tx.queue()), id]));
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => append(i % 2 ? one : two, `k${i}`)),
    );
    const queue = await one.transact((tx) => tx.queue());
    assert.equal(queue.length, 60);
    assert.equal(new Set(queue).size, 60);
  });

  it('a refusal leaves nothing written and is the refusal the rules chose', async () => {
    const [store] = storesOf(1);
    const ann = parseName('Ann')!;
    await store.transact((tx) => calls.register(tx, ann, 's1', 'h1', null));
    await assert.rejects(
      store.transact((tx) => calls.register(tx, ann, 's2', 'h2', null)),
      (error: { code?: string }) => error.code === 'USERNAME_TAKEN',
    );
    assert.equal((await store.get('ann'))?.sid, 's1');
  });

  it('keep the counters in step with the records', async () => {
    const [store] = storesOf(1);
    const run = <T>(rule: Parameters<RedisStore['transact']>[0]) => store.transact(rule) as Promise<T>;
    for (const [name, sid] of [['Ann', 'a'], ['Bob', 'b'], ['Cy', 'c'], ['Di', 'd']]) {
      await run((tx) => calls.register(tx, parseName(name)!, sid, 'h', null));
    }
    await run((tx) => calls.requestCall(tx, 'ann', 'bob', 'bob'));
    await run((tx) => calls.joinQueue(tx, 'cy'));
    assert.deepEqual(await store.counts(), { users: 4, pending: 1, calls: 0, queued: 1 });
    await run((tx) => calls.answerCall(tx, 'bob', 'ann', true));
    await run((tx) => calls.joinQueue(tx, 'di'));
    assert.deepEqual(await store.counts(), { users: 4, pending: 0, calls: 2, queued: 0 });
    await run((tx) => calls.leave(tx, 'ann', 'a'));
    await run((tx) => calls.hangUp(tx, 'di', 'cy'));
    assert.deepEqual(await store.counts(), { users: 3, pending: 0, calls: 0, queued: 0 });
  });
});

describe('when Redis is away', () => {
  it('a frozen Redis: the first call fails after the timeout, the next ones at once; all work again once it answers', async () => {
    const [store] = storesOf(1, 300);
    await store.get('anyone');
    redis.pause();
    try {
      let started = Date.now();
      await assert.rejects(store.get('anyone'), StoreUnavailableError);
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 1000, `took ${took} ms`);
      for (const call of [() => store.transact((tx) => tx.queue()), () => store.counts()]) {
        started = Date.now();
        await assert.rejects(call(), StoreUnavailableError);
        assert.ok(Date.now() - started < 100, 'at once');
      }
    } finally {
      redis.resume();
    }
    assert.ok(await eventually(() => store.get('anyone')), 'answers again');
  });

  it('a stopped Redis: calls fail at once; they work again once it is back', async () => {
    const [store] = storesOf(1);
    await store.get('anyone');
    await redis.stop();
    const started = Date.now();
    await assert.rejects(store.transact((tx) => tx.queue()), StoreUnavailableError);
    assert.ok(Date.now() - started < 500);
    await redis.start();
    assert.ok(await eventually(() => store.get('anyone')), 'reconnected');
  });
});
