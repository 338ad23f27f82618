// Reports (docs/protocol.md, "Roulette v2: interests and reports"): who may
// be reported, counted once per reporter and target, the block that comes
// with a report, the suspension after REPORT_THRESHOLD reporters, and the
// webhook (a real local HTTP receiver).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ackCode as code, receivedAfter, serverPerTest, sleep, type Client, type TestServer, users } from './helpers.js';

const servers = serverPerTest();

/** A webhook receiver: every JSON body POSTed to it; `hang` makes it never answer. */
let receiver: Server;
let hooked: { method: string; type: string | undefined; body: any }[] = [];
let hang = false;
let hookUrl = '';
before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      hooked.push({ method: req.method ?? '', type: req.headers['content-type'], body: JSON.parse(body) });
      if (!hang) res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/reports`;
});
after(() => {
  receiver.closeAllConnections();
  return new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** `a` and `b` meet through the queue, then `a` hangs up. */
async function meet(a: Client, b: Client, bName: string) {
  await a.send('FIND_MATCH', {});
  await b.send('FIND_MATCH', {});
  const matched = await a.next('MATCHED');
  assert.equal(matched.peer, bName);
  await b.next('MATCHED');
  await a.send('HANG_UP', { to: bName });
  await b.next('CALL_ENDED');
}

async function waitFor(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('REPORT', () => {
  it('reports someone just matched: acked, POSTed to the webhook once, and blocks them', async () => {
    hooked = [];
    hang = false;
    const t: TestServer = await servers.start({ reportWebhookUrl: hookUrl });
    const [a, b] = await users(t, 'Ann', 'Bob');
    await meet(a, b, 'Bob');
    const before = Date.now();
    assert.deepEqual(await a.send('REPORT', { name: 'bob', reason: 'abuse' }), { ok: true });
    await waitFor(() => hooked.length === 1);
    const [hook] = hooked;
    assert.equal(hook.method, 'POST');
    assert.match(hook.type ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(hook.body).sort(), ['reason', 'reporter', 'target', 'time']);
    assert.deepEqual({ ...hook.body, time: undefined }, { reporter: 'Ann', target: 'Bob', reason: 'abuse', time: undefined });
    assert.match(hook.body.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(Date.parse(hook.body.time) >= before - 1000);
    // Repeated: acked, counted (and sent) once.
    assert.deepEqual(await a.send('REPORT', { name: 'Bob', reason: 'spam' }), { ok: true });
    await sleep(150);
    assert.equal(hooked.length, 1);
    const counted = t.servers.reduce((sum, s) => sum + s.signaling.stats.reports, 0);
    assert.equal(counted, 1, 'roulette_reports_total counts it once');
    // The report blocked Bob: Ann looks offline to him.
    assert.equal(await code(b, 'REQUEST_CALL', { to: 'Ann' }), 'USER_NOT_FOUND');
    assert.deepEqual(await receivedAfter(b, b.received.length), []);
  });

  it('only someone randomly matched: a direct call, a stranger, yourself are refused; bad reasons are INVALID_PAYLOAD', async () => {
    const t = await servers.start();
    const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
    await a.send('REQUEST_CALL', { to: 'Bob' });
    await b.send('ACCEPT_CALL', { from: 'Ann' });
    await a.send('HANG_UP', { to: 'Bob' });
    assert.equal(await code(a, 'REPORT', { name: 'Bob', reason: 'abuse' }), 'NO_SUCH_REQUEST', 'direct call');
    assert.equal(await code(a, 'REPORT', { name: 'Cy', reason: 'abuse' }), 'NO_SUCH_REQUEST', 'never met');
    await meet(a, c, 'Cy');
    for (const reason of ['Abuse', '', undefined, 3, ['abuse'], 'rude']) {
      assert.equal(await code(a, 'REPORT', { name: 'Cy', reason }), 'INVALID_PAYLOAD', String(reason));
    }
    for (const payload of [{ reason: 'abuse' }, { name: 4, reason: 'abuse' }, { name: '', reason: 'abuse' }, 'Cy', null]) {
      assert.equal(await code(a, 'REPORT', payload), 'INVALID_PAYLOAD', JSON.stringify(payload));
    }
    assert.equal(await code(a, 'REPORT', { name: 'Ann', reason: 'other' }), 'INVALID_PAYLOAD', 'yourself');
    for (const reason of ['abuse', 'nudity', 'spam', 'underage', 'other']) {
      assert.deepEqual(await a.send('REPORT', { name: 'Cy', reason }), { ok: true });
    }
  });

  it('REPORT_THRESHOLD different reporters within the hour suspend FIND_MATCH (TRY_LATER) for REPORT_SUSPEND_MS', async () => {
    const t = await servers.start({ reportThreshold: 3, reportSuspendMs: 1500 });
    const [target, r1, r2, r3] = await users(t, 'Troll', 'r1', 'r2', 'r3');
    for (const [i, reporter] of [r1, r2, r3].entries()) {
      await meet(reporter, target, 'Troll');
      assert.deepEqual(await reporter.send('REPORT', { name: 'Troll', reason: 'abuse' }), { ok: true });
      // The same reporter again never counts twice.
      assert.deepEqual(await reporter.send('REPORT', { name: 'Troll', reason: 'spam' }), { ok: true });
      if (i < 2) assert.equal(await code(target, 'FIND_MATCH', {}), 'ok', `${i + 1} reporter(s): still matched`);
      if (i < 2) await target.send('LEAVE_QUEUE', {});
    }
    const refused = await target.send('FIND_MATCH', { interests: ['chess'] });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'TRY_LATER');
    assert.ok(refused.error.message.length > 10);
    // Direct calls are not affected.
    const [x] = await users(t, 'Xena');
    assert.equal(await code(target, 'REQUEST_CALL', { to: 'Xena' }), 'ok');
    await x.next('CALL_REQUESTED');
    await target.send('CANCEL_CALL', { to: 'Xena' });
    // The suspension ends.
    await sleep(1600);
    assert.equal(await code(target, 'FIND_MATCH', {}), 'ok');
  });

  it('never delays signaling: a webhook that does not answer leaves the ack and the next events prompt', async () => {
    hooked = [];
    hang = true;
    try {
      const t = await servers.start({ reportWebhookUrl: hookUrl });
      const [a, b, c] = await users(t, 'Ann', 'Bob', 'Cy');
      await meet(a, b, 'Bob');
      const started = Date.now();
      assert.deepEqual(await a.send('REPORT', { name: 'Bob', reason: 'nudity' }), { ok: true });
      assert.deepEqual(await a.send('REQUEST_CALL', { to: 'Cy' }), { ok: true });
      await c.next('CALL_REQUESTED');
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      await waitFor(() => hooked.length === 1);
    } finally {
      hang = false;
    }
  });
});
