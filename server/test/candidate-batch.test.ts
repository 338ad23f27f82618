// v2.1 candidate batches (docs/protocol.md): announced in CONNECT, relayed
// as a batch to a recipient that announced them too and one by one, in
// order, to one that did not (a stock socket.io-client speaking v2), refused
// whole when any candidate is bad, one event for the rate limit. Run in both
// setups (cluster-suite.test.ts): there the two parties sit on different
// processes, so the recipient's choice is made from the store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ackCode, candidate, dropTransport, receivedAfter, startServer, type Client, type TestServer } from './helpers.js';

let t: TestServer;
let n = 0;
const uniq = (base: string) => `${base}${++n}`;

before(async () => {
  t = await startServer({ ringTimeoutMs: 60_000 });
});
after(() => t.close());

const BATCH = ['candidate-batch'];

/** A connected user; `features` as sent in CONNECT (absent: a v2 client). */
async function user(base: string, features?: unknown, via?: number): Promise<Client & { name: string }> {
  const c = (await t.client({ via })) as Client & { name: string };
  const ack = await c.send('CONNECT', features === undefined ? { as: uniq(base) } : { as: uniq(base), features });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  c.name = ack.username;
  return c;
}

async function call(a: Client & { name: string }, b: Client & { name: string }) {
  assert.deepEqual(await a.send('REQUEST_CALL', { to: b.name }), { ok: true });
  await b.next('CALL_REQUESTED');
  assert.deepEqual(await b.send('ACCEPT_CALL', { from: a.name }), { ok: true });
  await a.next('CALL_ACCEPTED');
}

/** The candidate lines of every ICE_CANDIDATE_RECEIVED `c` got after the first `since` events, and how many messages carried them. */
async function candidatesAfter(c: Client, since: number) {
  await receivedAfter(c, since, 150);
  const messages = c.received.slice(since).filter((r) => r.event === 'ICE_CANDIDATE_RECEIVED');
  return {
    messages: messages.length,
    lines: messages.flatMap((m) => (m.payload.candidates ?? [m.payload.candidate]).map((x: { candidate: string }) => x.candidate)),
    payloads: messages.map((m) => m.payload),
  };
}

describe('CONNECT features', () => {
  it('the ack lists the features the server supports, announced or not; unknown ones are ignored', async () => {
    for (const features of [undefined, null, [], BATCH, ['future-thing', 'candidate-batch'], ['future-thing']]) {
      const c = await t.client();
      const ack = await c.send('CONNECT', { as: uniq('Feat'), features });
      assert.equal(ack.ok, true, JSON.stringify({ features, ack }));
      assert.deepEqual(ack.features, ['candidate-batch']);
    }
  });

  it('a features field that is not an array of strings is INVALID_PAYLOAD, and registers nothing', async () => {
    for (const features of ['candidate-batch', { 0: 'candidate-batch' }, [1], ['candidate-batch', null], 7]) {
      const c = await t.client();
      const name = uniq('Bad');
      assert.equal(await ackCode(c, 'CONNECT', { as: name, features }), 'INVALID_PAYLOAD', JSON.stringify(features));
      // The name is still free.
      const other = await t.client();
      assert.equal(await ackCode(other, 'CONNECT', { as: name }), 'ok');
    }
  });
});

describe('relaying batches', () => {
  it('both announced, both directions: one message each way carrying the batch in order, fields cleaned', async () => {
    const a = await user('Ann', BATCH);
    const b = await user('Bob', BATCH);
    await call(a, b);
    const sent = [candidate(1), { ...candidate(2), usernameFragment: 'uf', junk: 'x' }, { candidate: '' }];
    const sinceB = b.received.length;
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: b.name, candidates: sent }), { ok: true });
    const got = await candidatesAfter(b, sinceB);
    assert.equal(got.messages, 1);
    assert.deepEqual(got.payloads[0], { from: a.name, candidates: [candidate(1), { ...candidate(2), usernameFragment: 'uf' }, { candidate: '' }] });

    const sinceA = a.received.length;
    assert.deepEqual(await b.send('SEND_ICE_CANDIDATE', { to: a.name, candidates: [candidate(7), candidate(8)] }), { ok: true });
    assert.deepEqual(await candidatesAfter(a, sinceA), {
      messages: 1,
      lines: [candidate(7).candidate, candidate(8).candidate],
      payloads: [{ from: b.name, candidates: [candidate(7), candidate(8)] }],
    });
    // A single candidate from a batching client is still a single one.
    const again = b.received.length;
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: b.name, candidate: candidate(9) }), { ok: true });
    assert.deepEqual((await candidatesAfter(b, again)).payloads, [{ from: a.name, candidate: candidate(9) }]);
  });

  it('to a v2 client (no features): expanded one by one, in order, between singles sent before and after', async () => {
    const a = await user('Ann', BATCH);
    const old = await user('Old');
    await call(a, old);
    const since = old.received.length;
    a.socket.emit('SEND_ICE_CANDIDATE', { to: old.name, candidate: candidate(0) });
    a.socket.emit('SEND_ICE_CANDIDATE', { to: old.name, candidates: [1, 2, 3, 4].map(candidate) });
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: old.name, candidate: candidate(5) }), { ok: true });
    const got = await candidatesAfter(old, since);
    assert.equal(got.messages, 6);
    assert.deepEqual(got.payloads, [0, 1, 2, 3, 4, 5].map((i) => ({ from: a.name, candidate: candidate(i) })));
    // And the v2 client's own singles reach the batching one as singles.
    const back = a.received.length;
    assert.deepEqual(await old.send('SEND_ICE_CANDIDATE', { to: a.name, candidate: candidate(6) }), { ok: true });
    assert.deepEqual((await candidatesAfter(a, back)).payloads, [{ from: old.name, candidate: candidate(6) }]);
  });

  it('a party on the same process and one on another both get what they announced (cluster: record vs connection)', async () => {
    for (const via of [0, 1]) {
      const a = await user('Ann', BATCH, 0);
      const b = await user('Bob', BATCH, via);
      const old = await user('Old', undefined, via);
      const a2 = await user('Amy', BATCH, 0);
      await call(a, b);
      await call(a2, old);
      const [sinceB, sinceOld] = [b.received.length, old.received.length];
      assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: b.name, candidates: [candidate(1), candidate(2)] }), { ok: true });
      assert.deepEqual(await a2.send('SEND_ICE_CANDIDATE', { to: old.name, candidates: [candidate(1), candidate(2)] }), { ok: true });
      assert.equal((await candidatesAfter(b, sinceB)).messages, 1, `batching recipient via ${via}`);
      assert.equal((await candidatesAfter(old, sinceOld)).messages, 2, `v2 recipient via ${via}`);
    }
  });

  it('a batching user who resumes with a v2 client gets singles from then on', async () => {
    const a = await user('Ann', BATCH);
    const c = (await t.client()) as Client & { name: string };
    const first = await c.send('CONNECT', { as: uniq('Res'), features: BATCH });
    c.name = first.username;
    await call(a, c);
    dropTransport(c);
    const back = (await t.client()) as Client & { name: string };
    const resumed = await back.send('CONNECT', { as: c.name, resume: first.resume });
    assert.equal(resumed.resumed, true, JSON.stringify(resumed));
    back.name = c.name;
    const since = back.received.length;
    assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: back.name, candidates: [candidate(1), candidate(2)] }), { ok: true });
    assert.deepEqual((await candidatesAfter(back, since)).payloads, [1, 2].map((i) => ({ from: a.name, candidate: candidate(i) })));
  });
});

describe('refused batches', () => {
  it('INVALID_PAYLOAD or PAYLOAD_TOO_LARGE for the whole batch, and nothing reaches the peer', async () => {
    const a = await user('Ann', BATCH);
    const b = await user('Bob', BATCH);
    await call(a, b);
    const since = b.received.length;
    const cases: [unknown, string][] = [
      [{ to: b.name, candidate: candidate(1), candidates: [candidate(2)] }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: [] }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: Array.from({ length: 21 }, (_, i) => candidate(i)) }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: candidate(1) }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: [candidate(1), { sdpMid: '0' }, candidate(3)] }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: [candidate(1), 'candidate:2'] }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: [candidate(1), { ...candidate(2), sdpMLineIndex: -1 }] }, 'INVALID_PAYLOAD'],
      [{ to: b.name, candidates: [candidate(1), { candidate: 'c'.repeat(2_049) }] }, 'PAYLOAD_TOO_LARGE'],
      [{ candidates: [candidate(1)] }, 'INVALID_PAYLOAD'],
    ];
    for (const [payload, code] of cases) assert.equal(await ackCode(a, 'SEND_ICE_CANDIDATE', payload), code, JSON.stringify(payload).slice(0, 120));
    assert.deepEqual(await receivedAfter(b, since), []);
    // Twenty is the most, and fine.
    assert.equal(await ackCode(a, 'SEND_ICE_CANDIDATE', { to: b.name, candidates: Array.from({ length: 20 }, (_, i) => candidate(i)) }), 'ok');
    assert.equal((await candidatesAfter(b, since)).lines.length, 20);
  });

  it('from a client that did not announce the feature: INVALID_PAYLOAD, though the batch is fine and the peer takes batches', async () => {
    const old = await user('Old', ['future-thing']);
    const b = await user('Bob', BATCH);
    await call(old, b);
    const since = b.received.length;
    assert.equal(await ackCode(old, 'SEND_ICE_CANDIDATE', { to: b.name, candidates: [candidate(1)] }), 'INVALID_PAYLOAD');
    const ack = await old.send('SEND_ICE_CANDIDATE', { to: b.name, candidates: [candidate(1)] });
    assert.match(ack.error.message, /candidate-batch/);
    assert.deepEqual(await receivedAfter(b, since), []);
  });

  it('payload shape comes before NOT_CONNECTED and NOT_IN_CALL', async () => {
    const guest = await t.client();
    assert.equal(await ackCode(guest, 'SEND_ICE_CANDIDATE', { to: 'x', candidates: [candidate(1)] }), 'INVALID_PAYLOAD');
    const a = await user('Ann', BATCH);
    assert.equal(await ackCode(a, 'SEND_ICE_CANDIDATE', { to: 'nobody', candidates: [candidate(1)] }), 'NOT_IN_CALL');
    assert.equal(await ackCode(a, 'SEND_ICE_CANDIDATE', { to: 'nobody', candidates: [{}] }), 'INVALID_PAYLOAD');
  });
});

it('a batch is one event for the rate limit', async () => {
  const limited = await startServer({ rateLimit: { burst: 8, perSecond: 0.01 } });
  try {
    const a = (await limited.client()) as Client & { name: string };
    const b = (await limited.client()) as Client & { name: string };
    a.name = (await a.send('CONNECT', { as: uniq('Ann'), features: BATCH })).username;
    b.name = (await b.send('CONNECT', { as: uniq('Bob'), features: BATCH })).username;
    await call(a, b); // CONNECT + REQUEST_CALL: 2 of a's 8 tokens
    const since = b.received.length;
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push(await ackCode(a, 'SEND_ICE_CANDIDATE', { to: b.name, candidates: Array.from({ length: 20 }, (_, j) => candidate(i * 20 + j)) }));
    assert.deepEqual(acks, ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], '120 candidates in 6 events');
    assert.equal(await ackCode(a, 'SEND_ICE_CANDIDATE', { to: b.name, candidate: candidate(999) }), 'RATE_LIMITED');
    assert.equal((await candidatesAfter(b, since)).lines.length, 120);
  } finally {
    await limited.close();
  }
});
