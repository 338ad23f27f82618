// Redis hygiene: whatever a cluster is put through, once everybody has left
// Redis holds what it held before anybody came (the live processes'
// heartbeats and the `nodes` set), plus only v2 bookkeeping that expires by
// itself within its stated bound. Every key has an owner and a way out
// (server/store/redis-layout.ts lists them); so does every adapter channel.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient } from 'redis';
import type { RunningServer } from '../http/listen.js';
import { SAVED_BLOCKS_MS } from '../rules/blocks.js';
import { REPORTABLE_MS, REPORT_WINDOW_MS } from '../rules/reports.js';
import { CALLER_WINDOW_MS, PAIR_WINDOW_MS } from '../rules/request-windows.js';
import {
  answer,
  candidate,
  connectClient,
  dropTransport,
  offer,
  sleep,
  startCluster,
  stopTestRedis,
  testRedis,
  type Client,
} from './helpers.js';

const PREFIX = 'hygiene:';
const SUSPEND_MS = 5 * 60_000;
const RESUME_GRACE_MS = 300;

/** The longest a kind of `data:` key may live, by the part of its name before the first ':'. */
const DATA_BOUNDS: Record<string, number> = {
  met: REPORTABLE_MS,
  reported: REPORT_WINDOW_MS,
  suspended: SUSPEND_MS,
  ring: PAIR_WINDOW_MS,
  unanswered: CALLER_WINDOW_MS,
  blocks: SAVED_BLOCKS_MS,
};

let servers: RunningServer[];
let redis: ReturnType<typeof createClient>;
const clients: Client[] = [];

before(async () => {
  servers = await startCluster(
    { resumeGraceMs: RESUME_GRACE_MS, ringTimeoutMs: 400, reportThreshold: 2, reportSuspendMs: SUSPEND_MS, cluster: { prefix: PREFIX } },
    2,
  );
  redis = createClient({ url: (await testRedis()).url });
  await redis.connect();
});

after(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(servers.map((s) => s.close()));
  await redis.close();
  await stopTestRedis();
});

/** Every key of the cluster, without the prefix, sorted. */
async function keys(): Promise<string[]> {
  return (await redis.keys(`${PREFIX}*`)).map((k) => k.slice(PREFIX.length)).sort();
}

/** Shard channels of the cluster's adapter (a leaked subscription would show here). */
function channels(): Promise<string[]> {
  return redis.sendCommand(['PUBSUB', 'SHARDCHANNELS', `${PREFIX}*`]) as Promise<string[]>;
}

/** Waits until `check` holds (polling), or fails with what it last saw. */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** The keys of a cluster at rest: the `nodes` set and one heartbeat per live process. */
function atRest(list: string[]): boolean {
  return list.filter((k) => /^node:[^:]+$/.test(k)).length === servers.length && list.includes('nodes');
}

let turn = 0;
async function user(name: string): Promise<Client & { resume: string }> {
  const c = await connectClient(servers[turn++ % servers.length].url, {}, clients);
  const ack = await c.send('CONNECT', { as: name });
  assert.equal(ack.ok, true, `CONNECT ${name}: ${JSON.stringify(ack)}`);
  return Object.assign(c, { resume: ack.resume as string });
}

/** A call by name, with a full exchange, hung up. */
async function fullCall(a: Client, aName: string, b: Client, bName: string): Promise<void> {
  assert.equal((await a.send('REQUEST_CALL', { to: bName })).ok, true);
  await b.next('CALL_REQUESTED');
  assert.equal((await b.send('ACCEPT_CALL', { from: aName })).ok, true);
  await a.next('CALL_ACCEPTED');
  await a.send('SEND_CALLER_DESCRIPTOR', { to: bName, sdp: offer });
  await b.next('CALLER_DESCRIPTOR_RECEIVED');
  await b.send('SEND_RECIPIENT_DESCRIPTOR', { to: aName, sdp: answer });
  await a.next('RECIPIENT_DESCRIPTOR_RECEIVED');
  await Promise.all([a.send('SEND_ICE_CANDIDATE', { to: bName, candidate: candidate(1) }), b.send('SEND_ICE_CANDIDATE', { to: aName, candidate: candidate(2) })]);
  await Promise.all([a.next('ICE_CANDIDATE_RECEIVED'), b.next('ICE_CANDIDATE_RECEIVED')]);
  assert.equal((await a.send('HANG_UP', { to: bName })).ok, true);
  await b.next('CALL_ENDED');
}

/** One round of a soak: eight kinds of pairs, each leaving in its own way. */
async function round(r: number, pairs: number): Promise<void> {
  await Promise.all(
    Array.from({ length: pairs }, async (_, p) => {
      const [aName, bName] = [`r${r}a${p}`, `r${r}b${p}`];
      const [a, b] = [await user(aName), await user(bName)];
      switch (p % 6) {
        case 0: // a call, hung up, both leave on purpose
          await fullCall(a, aName, b, bName);
          a.close();
          b.close();
          break;
        case 1: // a request left ringing until it times out, then both drop and never come back
          assert.equal((await a.send('REQUEST_CALL', { to: bName })).ok, true);
          assert.equal((await a.next('CALL_REJECTED', 3000)).reason, 'timeout');
          assert.equal((await b.next('CALL_CANCELED')).reason, 'timeout');
          dropTransport(a);
          dropTransport(b);
          break;
        case 2: // matched by the queue, reported, and gone
          await Promise.all([a.send('FIND_MATCH', {}), b.send('FIND_MATCH', {})]);
          // (Pairs of this kind run at once: the queue may pair across them.)
          const [matched] = await Promise.all([a.next('MATCHED', 5000), b.next('MATCHED', 5000)]);
          assert.equal((await a.send('REPORT', { name: matched.peer, reason: 'spam' })).ok, true);
          a.close();
          dropTransport(b);
          break;
        case 3: {
          // a call; one side drops and resumes on the other process, then blocks the other
          await fullCall(a, aName, b, bName);
          assert.equal((await a.send('REQUEST_CALL', { to: bName })).ok, true);
          assert.equal((await b.send('ACCEPT_CALL', { from: aName })).ok, true);
          dropTransport(a);
          const again = await connectClient(servers[turn++ % servers.length].url, {}, clients);
          assert.equal((await again.send('CONNECT', { as: aName, resume: a.resume })).resumed, true);
          assert.equal((await again.send('BLOCK', { name: bName })).ok, true);
          again.close();
          b.close();
          break;
        }
        case 4: // queued and left in the queue
          await a.send('FIND_MATCH', { interests: [`x${r}${p}`] });
          a.close();
          dropTransport(b);
          break;
        default: // a request left ringing; the caller leaves on purpose
          assert.equal((await a.send('REQUEST_CALL', { to: bName })).ok, true);
          await b.next('CALL_REQUESTED');
          a.close();
          await b.next('CALL_CANCELED');
          b.close();
      }
    }),
  );
}

it('after a soak across two processes, when everybody has left, Redis holds its baseline and expiring bookkeeping only', async () => {
  const baseline = await until('heartbeats', keys, atRest);
  const baseChannels = await channels();
  const baseSize = await redis.dbSize();
  assert.equal(baseSize, baseline.length);
  // A connection has channels of its own (its id's room and its user room): the check below means something.
  const probe = await user('probe');
  await until("a connection's channels", channels, (list) => list.length === baseChannels.length + 2);
  probe.close();

  for (let r = 0; r < 3; r++) await round(r, 12);

  // Everybody has left: those who dropped are released after the resume grace.
  const settled = await until(
    'keys once everybody left',
    keys,
    (list) => list.every((k) => baseline.includes(k) || k.startsWith('data:')),
    RESUME_GRACE_MS + 5000,
  );
  const extra = settled.filter((k) => !baseline.includes(k));
  assert.deepEqual(settled.filter((k) => !k.startsWith('data:')), baseline);
  for (const key of extra) {
    const kind = key.slice('data:'.length).split(':')[0];
    const bound = DATA_BOUNDS[kind];
    assert.ok(bound, `unexpected kind of bookkeeping: ${key}`);
    const ttl = await redis.pTTL(PREFIX + key);
    assert.ok(ttl > 0 && ttl <= bound, `${key}: PTTL ${ttl}, bound ${bound}`);
  }
  // Bookkeeping is per person (and pair), not per connection: 36 pairs leave at most a few keys each.
  assert.ok(extra.length <= 36 * 4, `${extra.length} bookkeeping keys`);
  assert.equal(await redis.dbSize(), baseSize + extra.length);
  // Heartbeats keep their expiry; nothing else of the baseline lives forever but `nodes`.
  for (const key of baseline.filter((k) => k.startsWith('node:'))) assert.ok((await redis.pTTL(PREFIX + key)) > 0, key);
  // Every user room's channel went with its last member: only each namespace's own are left.
  await until('adapter channels', channels, (list) => list.length === baseChannels.length);
});

it('a process that stops with people on it leaves nothing behind once the others have released them', async () => {
  const [stays] = servers;
  const names = ['gone1', 'gone2', 'gone3', 'gone4'];
  const stopping = servers[1];
  const onIt: Client[] = [];
  for (const name of names) {
    const c = await connectClient(stopping.url, {}, clients);
    assert.equal((await c.send('CONNECT', { as: name })).ok, true);
    onIt.push(c);
  }
  assert.equal((await onIt[0].send('REQUEST_CALL', { to: 'gone2' })).ok, true);
  await onIt[1].next('CALL_REQUESTED');
  await onIt[1].send('ACCEPT_CALL', { from: 'gone1' });
  assert.equal((await onIt[2].send('REQUEST_CALL', { to: 'gone4' })).ok, true);
  // Nobody comes back: the one left adopts them, holds them for the grace, releases them.
  await stopping.close();
  servers = [stays];
  const rest = await until('keys after the stop', keys, (list) => list.every((k) => k === 'nodes' || /^node:[^:]+$/.test(k) || k.startsWith('data:')) && atRest(list), 8000);
  assert.equal(rest.filter((k) => k.startsWith('node:')).length, 1);
  // The stopped process is forgotten: `nodes` names only the one left, whose heartbeat is there.
  const [node] = await redis.sMembers(`${PREFIX}nodes`);
  assert.equal(await redis.sCard(`${PREFIX}nodes`), 1);
  assert.ok(rest.includes(`node:${node}`));
  assert.equal((await stays.signaling.store.counts()).users, 0);
});
