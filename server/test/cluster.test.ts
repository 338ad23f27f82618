// The cluster beyond the shared suites (those run in cluster-suite.test.ts):
// real processes racing for the same person, a process killed with SIGKILL,
// Redis going away and coming back, a session resumed on the other process.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { listen, type RunningServer } from '../http/listen.js';
import {
  candidate,
  connectClient,
  offer,
  receivedAfter,
  sleep,
  startCluster,
  startServer,
  stopTestRedis,
  testRedis,
  type Client,
} from './helpers.js';
import { spawnServer } from './processes.js';
import { startRedis } from './redis.js';

/** The bound docs/deploy.md states for cleaning up after a dead process. */
const GHOST_BOUND_MS = 10_000;

const clients: Client[] = [];
after(async () => {
  clients.forEach((c) => c.close());
  await stopTestRedis();
});

async function userAt(url: string, name: string): Promise<Client & { resume: string }> {
  const c = await connectClient(url, {}, clients);
  const ack = await c.send('CONNECT', { as: name });
  assert.equal(ack.ok, true, `CONNECT ${name}: ${JSON.stringify(ack)}`);
  return Object.assign(c, { resume: ack.resume as string });
}

async function inCall(caller: Client, callee: Client, calleeName: string, callerName: string) {
  assert.deepEqual(await caller.send('REQUEST_CALL', { to: calleeName }), { ok: true });
  assert.deepEqual(await callee.send('ACCEPT_CALL', { from: callerName }), { ok: true });
  await caller.next('CALL_ACCEPTED');
}

describe('separate processes', () => {
  let redisUrl: string;
  let doomed: { child: ChildProcess; url: string };
  let survivor: RunningServer;

  before(async () => {
    redisUrl = (await testRedis()).url;
    // The child is `npm start` with production cluster timings; the
    // survivor shares its Redis and default key prefix.
    [doomed, survivor] = await Promise.all([
      spawnServer({ REDIS_URL: redisUrl, RING_TIMEOUT_MS: '1500' }),
      listen({ port: 0, host: '127.0.0.1', redisUrl, cluster: { prefix: 'roulette:' } }),
    ]);
  });
  after(async () => {
    doomed.child.kill('SIGKILL');
    await survivor.close();
  });

  it('callers on two processes calling the same person at the same instant: exactly one gets through', async () => {
    for (let round = 0; round < 8; round++) {
      const target = await userAt(round % 2 ? doomed.url : survivor.url, `target${round}`);
      const callers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => userAt(i % 2 ? doomed.url : survivor.url, `fan${round}x${i}`)),
      );
      const acks = await Promise.all(callers.map((c) => c.send('REQUEST_CALL', { to: `target${round}` })));
      assert.equal(acks.filter((a) => a.ok).length, 1, `round ${round}: ${JSON.stringify(acks)}`);
      assert.ok(acks.every((a) => a.ok || a.error.code === 'USER_BUSY'));
      await receivedAfter(target, 0, 150);
      assert.equal(target.received.filter((r) => r.event === 'CALL_REQUESTED').length, 1);
      for (const c of [target, ...callers]) c.close();
    }
  });

  it(`kill -9 of a process: its users are freed and their peers told within ${GHOST_BOUND_MS / 1000} s; a client that reconnects elsewhere keeps its call`, async () => {
    const [here, there] = [(name: string) => userAt(survivor.url, name), (name: string) => userAt(doomed.url, name)];
    // On the doomed process: ghost1 in a call, ghost3 being rung, ghost4 queued, ghost5 in a call and coming back.
    const [ghost1, peer1] = [await there('ghost1'), await here('peer1')];
    await inCall(ghost1, peer1, 'peer1', 'ghost1');
    const [ghost3, peer3] = [await there('ghost3'), await here('peer3')];
    assert.deepEqual(await peer3.send('REQUEST_CALL', { to: 'ghost3' }), { ok: true });
    const ghost4 = await there('ghost4');
    assert.deepEqual(await ghost4.send('FIND_MATCH', {}), { ok: true });
    const [ghost5, peer5] = [await there('ghost5'), await here('peer5')];
    await inCall(ghost5, peer5, 'peer5', 'ghost5');
    // A request rung from the doomed process whose caller already moved: its
    // ring timer (1.5 s there) dies with the process and must still fire.
    const [ringer, callee] = [await there('ringer'), await here('callee')];
    assert.deepEqual(await ringer.send('REQUEST_CALL', { to: 'callee' }), { ok: true });
    const ringerBack = await connectClient(survivor.url, {}, clients);
    assert.equal((await ringerBack.send('CONNECT', { as: 'ringer', resume: ringer.resume })).ok, true);
    void ghost3;

    const killed = Date.now();
    doomed.child.kill('SIGKILL');
    await once(doomed.child, 'exit');

    // ghost5's client reconnects to the survivor at once and resumes.
    const ghost5Back = await connectClient(survivor.url, {}, clients);
    assert.equal((await ghost5Back.send('CONNECT', { as: 'ghost5', resume: ghost5.resume })).ok, true);
    assert.deepEqual(await ghost5Back.send('SEND_CALLER_DESCRIPTOR', { to: 'peer5', sdp: offer }), { ok: true });
    assert.deepEqual(await peer5.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'ghost5', sdp: offer });

    const within = async (what: string, c: Client, event: string, expected: object) => {
      assert.deepEqual(await c.next(event, GHOST_BOUND_MS + 2000), expected, what);
      const elapsed = Date.now() - killed;
      assert.ok(elapsed <= GHOST_BOUND_MS, `${what} after ${elapsed} ms`);
      return elapsed;
    };
    const times = await Promise.all([
      within('the ring timeout', callee, 'CALL_CANCELED', { by: 'ringer', reason: 'timeout' }),
      within('the ring timeout, to the caller', ringerBack, 'CALL_REJECTED', { by: 'callee', reason: 'timeout' }),
      within('a call peer', peer1, 'CALL_ENDED', { by: 'ghost1', reason: 'disconnected' }),
      within('a caller ringing a ghost', peer3, 'CALL_REJECTED', { by: 'ghost3', reason: 'unavailable' }),
    ]);
    assert.ok(times[0] < 1500 + 4000, `ring timeout late: ${times[0]} ms after the kill`);

    // The names are free and the queue holds no ghost.
    for (const name of ['ghost1', 'ghost3', 'ghost4']) assert.equal(await survivor.signaling.store.get(name), undefined, name);
    await here('ghost1');
    assert.equal((await survivor.signaling.store.counts()).queued, 0);
    // The call that was resumed elsewhere goes on.
    assert.ok(!peer5.received.some((r) => r.event === 'CALL_ENDED'));
    assert.deepEqual(await peer5.send('SEND_RECIPIENT_DESCRIPTOR', { to: 'ghost5', sdp: { type: 'answer', sdp: 'v=0\r\n' } }), { ok: true });
    assert.equal((await ghost5Back.next('RECIPIENT_DESCRIPTOR_RECEIVED')).from, 'peer5');
  });
});

it('Redis going away: a clear INTERNAL error at once, and the service recovers when Redis returns', async () => {
  const redis = await startRedis();
  const servers = await startCluster({}, 2, redis.url);
  try {
    const a = await userAt(servers[0].url, 'amy');
    const b = await userAt(servers[1].url, 'ben');
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'ben' }), { ok: true });
    const dropped = Promise.all([a, b].map((c) => new Promise((resolve) => c.socket.once('disconnect', resolve))));

    await redis.stop();
    const fresh = await connectClient(servers[0].url, {}, clients);
    for (const [c, event, payload] of [
      [fresh, 'CONNECT', { as: 'carl' }],
      [b, 'ACCEPT_CALL', { from: 'amy' }],
      [a, 'CANCEL_CALL', { to: 'ben' }],
    ] as const) {
      const started = Date.now();
      const ack = await c.send(event, payload);
      assert.equal(ack.ok, false, event);
      assert.equal(ack.error.code, 'INTERNAL');
      assert.match(ack.error.message, /session store/);
      assert.ok(Date.now() - started < 1000, `${event} answered in ${Date.now() - started} ms`);
    }
    assert.equal((await fetch(`${servers[1].url}/healthz`)).status, 503);

    // Back, empty (nothing was saved): the servers notice their sessions are
    // gone and close every connection so that clients reconnect.
    await redis.start();
    const reasons = await dropped;
    assert.deepEqual(reasons, ['transport close', 'transport close']);
    // Both servers serve again (the old names are free), and relay to each other through Redis.
    const carl = await userAt(servers[0].url, 'carl');
    const amy = await userAt(servers[1].url, 'amy');
    assert.deepEqual(await carl.send('REQUEST_CALL', { to: 'amy' }), { ok: true });
    assert.deepEqual(await amy.next('CALL_REQUESTED'), { from: 'carl' });
    assert.deepEqual(await amy.send('ACCEPT_CALL', { from: 'carl' }), { ok: true });
    assert.deepEqual(await carl.send('SEND_ICE_CANDIDATE', { to: 'amy', candidate: candidate(7) }), { ok: true });
    assert.equal((await amy.next('ICE_CANDIDATE_RECEIVED')).from, 'carl');
    assert.equal((await fetch(`${servers[0].url}/healthz`)).status, 200);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await redis.stop();
  }
});

describe('resume on the other process', () => {
  it('a call survives its caller dropping on one server and resuming on the other', async () => {
    const t = await startServer({ resumeGraceMs: 600 }, 'cluster');
    try {
      const a = await t.client({ via: 0 });
      const { resume } = await a.send('CONNECT', { as: 'Ann' });
      const b = await t.user('Bob'); // on server 1
      await inCall(a, b, 'Bob', 'Ann');
      (a.socket.io as any).engine.close();
      await sleep(100);
      const back = await t.client({ via: 1 });
      assert.equal((await back.send('CONNECT', { as: 'Ann', resume })).ok, true);
      // Past the grace that server 0 started: its timer must change nothing.
      await sleep(800);
      assert.deepEqual(await back.send('SEND_CALLER_DESCRIPTOR', { to: 'Bob', sdp: offer }), { ok: true });
      assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'Ann', sdp: offer });
      assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: 'Ann', candidate: candidate(1) }), { ok: true });
      assert.equal((await back.next('ICE_CANDIDATE_RECEIVED')).from, 'Bob');
      assert.ok(!b.received.some((r) => r.event === 'CALL_ENDED'));
    } finally {
      await t.close();
    }
  });

  it('the ring timeout started on one server ends a request whose caller moved to the other', async () => {
    const t = await startServer({ ringTimeoutMs: 500, resumeGraceMs: 2000 }, 'cluster');
    try {
      const a = await t.client({ via: 0 });
      const { resume } = await a.send('CONNECT', { as: 'Ann' });
      const b = await t.user('Bob');
      assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Bob' }), { ok: true });
      (a.socket.io as any).engine.close();
      const back = await t.client({ via: 1 });
      assert.equal((await back.send('CONNECT', { as: 'Ann', resume })).ok, true);
      assert.deepEqual(await back.next('CALL_REJECTED', 2000), { by: 'Bob', reason: 'timeout' });
      assert.deepEqual(await b.next('CALL_CANCELED', 2000), { by: 'Ann', reason: 'timeout' });
    } finally {
      await t.close();
    }
  });
});

it('a relay reaches only the process that holds its recipient (sharded adapter), not a third one', async () => {
  const servers = await startCluster({}, 3);
  // What each process's adapter receives from the others.
  const received = servers.map((s) => {
    const adapter = s.signaling.io.of('/').adapter as unknown as { onMessage(message: { type: number }, offset?: string): unknown };
    const original = adapter.onMessage.bind(adapter);
    const seen: number[] = [];
    adapter.onMessage = (message, offset) => (seen.push(message.type), original(message, offset));
    return seen;
  });
  const mine: Client[] = [];
  try {
    const a = await connectClient(servers[0].url, {}, mine);
    const b = await connectClient(servers[1].url, {}, mine);
    assert.equal((await a.send('CONNECT', { as: 'near' })).ok, true);
    assert.equal((await b.send('CONNECT', { as: 'far' })).ok, true);
    assert.deepEqual(await a.send('REQUEST_CALL', { to: 'far' }), { ok: true });
    assert.deepEqual(await b.send('ACCEPT_CALL', { from: 'near' }), { ok: true });
    await a.next('CALL_ACCEPTED');
    for (let i = 0; i < 5; i++) await a.send('SEND_ICE_CANDIDATE', { to: 'far', candidate: candidate(i) });
    for (let i = 0; i < 5; i++) await b.next('ICE_CANDIDATE_RECEIVED');
    assert.deepEqual(await b.send('HANG_UP', { to: 'near' }), { ok: true });
    await a.next('CALL_ENDED');
    await sleep(100);
    // CALL_REQUESTED and 5 candidates went to process 2, CALL_ACCEPTED and CALL_ENDED to process 1.
    assert.ok(received[1].length >= 6, `process 2 received ${received[1].length}`);
    assert.ok(received[0].length >= 2, `process 1 received ${received[0].length}`);
    assert.deepEqual(received[2], [], 'process 3 holds neither and received nothing');
  } finally {
    mine.forEach((c) => c.close());
    await Promise.all(servers.map((s) => s.close()));
  }
});
