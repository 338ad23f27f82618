// Reports (docs/protocol.md, "Roulette v2: interests and reports"): who may
// be reported, counted once per reporter and target, the block that comes
// with a report, the suspension after REPORT_THRESHOLD reporters, and the
// webhook (a real local HTTP receiver). v2.1: only reporters connected
// REPORT_MIN_AGE_MS before the match count, once per client address (told
// apart here by X-Forwarded-For on a server with trustProxy); the webhook
// gets every report with `counted`, and with REPORT_EVIDENCE the frame.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ackCode as code, dropTransport, receivedAfter, serverPerTest, sleep, type Client, type TestServer, users } from './helpers.js';

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

/** `target`'s FIND_MATCH: 'ok' (then it leaves the queue again) or the error code. */
async function findMatch(target: Client): Promise<string> {
  const result = await code(target, 'FIND_MATCH', {});
  if (result === 'ok') await target.send('LEAVE_QUEUE', {});
  return result;
}

/** Each reporter meets `target` (shown as `name`) and reports it; the webhook bodies, in order. */
async function reportAll(reporters: Client[], target: Client, name: string): Promise<any[]> {
  const start = hooked.length;
  for (const reporter of reporters) {
    await meet(reporter, target, name);
    assert.deepEqual(await reporter.send('REPORT', { name, reason: 'abuse' }), { ok: true });
  }
  await waitFor(() => hooked.length === start + reporters.length);
  return hooked.slice(start).map((h) => h.body);
}

describe('REPORT', () => {
  it('reports someone just matched: acked, POSTed to the webhook with `counted`, a repeat too, and blocks them', async () => {
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
    assert.deepEqual(Object.keys(hook.body).sort(), ['counted', 'reason', 'reporter', 'target', 'time']);
    // Ann had just connected (REPORT_MIN_AGE_MS is two minutes by default): her report does not count.
    assert.deepEqual({ ...hook.body, time: undefined }, { reporter: 'Ann', target: 'Bob', reason: 'abuse', counted: false, time: undefined });
    assert.match(hook.body.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(Date.parse(hook.body.time) >= before - 1000);
    // Repeated: acked, and still sent to the webhook (v2.1: a report that does not count still reaches it), never counted.
    assert.deepEqual(await a.send('REPORT', { name: 'Bob', reason: 'spam' }), { ok: true });
    await waitFor(() => hooked.length === 2);
    assert.deepEqual({ ...hooked[1].body, time: undefined }, { reporter: 'Ann', target: 'Bob', reason: 'spam', counted: false, time: undefined });
    const counted = t.servers.reduce((sum, s) => sum + s.signaling.stats.reports, 0);
    assert.equal(counted, 1, 'roulette_reports_total counts it once (counted toward the threshold or not)');
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
    const t = await servers.start({ reportThreshold: 3, reportSuspendMs: 1500, reportMinAgeMs: 300, trustProxy: true });
    const target = await t.user('Troll', '198.51.100.7');
    const reporters = [await t.user('r1', '203.0.113.1'), await t.user('r2', '203.0.113.2'), await t.user('r3', '2001:db8::3')];
    // Connected long enough before their match.
    await sleep(400);
    for (const [i, reporter] of reporters.entries()) {
      await meet(reporter, target, 'Troll');
      assert.deepEqual(await reporter.send('REPORT', { name: 'Troll', reason: 'abuse' }), { ok: true });
      // The same reporter again never counts twice.
      assert.deepEqual(await reporter.send('REPORT', { name: 'Troll', reason: 'spam' }), { ok: true });
      if (i < 2) assert.equal(await code(target, 'FIND_MATCH', {}), 'ok', `${i + 1} reporter(s): still matched`);
      if (i < 2) await target.send('LEAVE_QUEUE', {});
    }
    assert.equal(t.servers.reduce((sum, s) => sum + s.signaling.stats.reports, 0), 3);
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

  it('v2.1: three fresh reporters do not suspend; their reports still block and reach the webhook with counted: false', async () => {
    hooked = [];
    const t = await servers.start({ reportThreshold: 3, reportMinAgeMs: 600, trustProxy: true, reportWebhookUrl: hookUrl });
    const target = await t.user('Troll', '198.51.100.7');
    // The target itself is old enough; the three reporters connect just before their match.
    await sleep(700);
    const reporters = [await t.user('fresh1', '203.0.113.1'), await t.user('fresh2', '203.0.113.2'), await t.user('fresh3', '203.0.113.3')];
    for (const reporter of reporters) await meet(reporter, target, 'Troll');
    // What counts is the reporter's age when the match began, not when it reports.
    await sleep(700);
    for (const reporter of reporters) assert.deepEqual(await reporter.send('REPORT', { name: 'Troll', reason: 'abuse' }), { ok: true });
    await waitFor(() => hooked.length === 3);
    assert.deepEqual(hooked.map((h) => [h.body.reporter, h.body.counted]), [['fresh1', false], ['fresh2', false], ['fresh3', false]]);
    assert.equal(await findMatch(target), 'ok', 'not suspended');
    // Each report blocked: the target cannot ring its reporters.
    for (const name of ['fresh1', 'fresh2', 'fresh3']) assert.equal(await code(target, 'REQUEST_CALL', { to: name }), 'USER_NOT_FOUND');
  });

  it('v2.1: reporters sharing a client address count once; from three addresses they suspend', async () => {
    hooked = [];
    const t = await servers.start({ reportThreshold: 3, reportMinAgeMs: 200, trustProxy: true, reportWebhookUrl: hookUrl });
    const target = await t.user('Troll', '198.51.100.7');
    // One household (or one attacker) behind one address: three names, long enough connected.
    const shared = [await t.user('same1', '203.0.113.9'), await t.user('same2', '203.0.113.9'), await t.user('same3', '203.0.113.9')];
    await sleep(300);
    const first = await reportAll(shared, target, 'Troll');
    assert.deepEqual(first.map((b) => b.counted), [true, false, false]);
    assert.equal(await findMatch(target), 'ok', 'one address counted once');
    // Two more people elsewhere make three counted reports.
    const others = [await t.user('else1', '203.0.113.10'), await t.user('else2', '2001:db8::10')];
    await sleep(300);
    const second = await reportAll(others, target, 'Troll');
    assert.deepEqual(second.map((b) => b.counted), [true, true]);
    assert.equal(await findMatch(target), 'TRY_LATER');
  });

  it('v2.1: without signed identities, a report from a later session than the match never counts (whoever took the freed name)', async () => {
    hooked = [];
    const t = await servers.start({ reportThreshold: 1, reportMinAgeMs: 200, trustProxy: true, reportWebhookUrl: hookUrl });
    const target = await t.user('Troll', '198.51.100.7');
    const ann = await t.user('Ann', '203.0.113.1');
    await sleep(300);
    await meet(ann, target, 'Troll');
    // Ann leaves for good without reporting; someone else, elsewhere, takes the name at once.
    ann.close();
    await sleep(100);
    const newcomer = await t.user('ann', '203.0.113.66');
    // Still a report (a reconnect that could not resume may report), but it does not count.
    assert.deepEqual(await newcomer.send('REPORT', { name: 'Troll', reason: 'abuse' }), { ok: true });
    await waitFor(() => hooked.length === 1);
    assert.deepEqual([hooked[0].body.reporter, hooked[0].body.counted], ['ann', false]);
    assert.equal(await findMatch(target), 'ok', 'not suspended');
  });

  it('v2.1: a resumed session still reports the match it had before the drop', async () => {
    hooked = [];
    const t = await servers.start({ reportThreshold: 1, reportMinAgeMs: 200, trustProxy: true, reportWebhookUrl: hookUrl, resumeGraceMs: 5000 });
    const target = await t.user('Troll', '198.51.100.7');
    const ann = await t.client({ headers: { 'x-forwarded-for': '203.0.113.1' } });
    const first = await ann.send('CONNECT', { as: 'Ann' });
    assert.ok(first.ok);
    await sleep(300);
    await meet(ann, target, 'Troll');
    dropTransport(ann);
    const back = await t.client({ headers: { 'x-forwarded-for': '203.0.113.1' } });
    assert.equal((await back.send('CONNECT', { as: 'Ann', resume: first.resume })).resumed, true);
    assert.deepEqual(await back.send('REPORT', { name: 'Troll', reason: 'abuse' }), { ok: true });
    await waitFor(() => hooked.length === 1);
    assert.equal(hooked[0].body.counted, true);
    assert.equal(await findMatch(target), 'TRY_LATER');
  });

  it('without trustProxy, X-Forwarded-For is ignored: every local reporter is one address', async () => {
    hooked = [];
    const t = await servers.start({ reportThreshold: 2, reportMinAgeMs: 0, reportWebhookUrl: hookUrl });
    const target = await t.user('Troll');
    const forged = [await t.user('forge1', '203.0.113.1'), await t.user('forge2', '203.0.113.2')];
    const bodies = await reportAll(forged, target, 'Troll');
    assert.deepEqual(bodies.map((b) => b.counted), [true, false]);
    assert.equal(await findMatch(target), 'ok');
  });

  it('REPORT_EVIDENCE: the CONNECT ack says so, a JPEG frame is checked and reaches the webhook; off, it is ignored', async () => {
    hooked = [];
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a tiny frame'), 0xff, 0xd9]).toString('base64');
    const t = await servers.start({ reportEvidence: true, reportMinAgeMs: 0, reportWebhookUrl: hookUrl });
    const a = await t.client();
    const ack = await a.send('CONNECT', { as: 'Ann' });
    assert.equal(ack.reportEvidence, true);
    const [b] = await users(t, 'Bob');
    await meet(a, b, 'Bob');
    const refused: [unknown, string][] = [
      [42, 'INVALID_PAYLOAD'],
      ['data:image/jpeg;base64,' + jpeg, 'INVALID_PAYLOAD'],
      [Buffer.from('GIF89a not a jpeg at all').toString('base64'), 'INVALID_PAYLOAD'],
      [jpeg.slice(0, -1), 'INVALID_PAYLOAD'],
      ['A'.repeat(65_540), 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [evidence, expected] of refused) {
      const answer = await a.send('REPORT', { name: 'Bob', reason: 'nudity', evidence });
      assert.equal(answer.ok ? 'ok' : answer.error.code, expected, String(evidence).slice(0, 40));
      if (!answer.ok) assert.ok(answer.error.message.includes('evidence'));
    }
    await sleep(100);
    assert.equal(hooked.length, 0, 'a refused report changes nothing');
    assert.equal(await code(b, 'REQUEST_CALL', { to: 'Ann' }), 'ok', 'not blocked by a refused report');
    await b.send('CANCEL_CALL', { to: 'Ann' });
    assert.deepEqual(await a.send('REPORT', { name: 'Bob', reason: 'nudity', evidence: jpeg }), { ok: true });
    await waitFor(() => hooked.length === 1);
    assert.equal(hooked[0].body.evidence, jpeg);
    assert.equal(hooked[0].body.counted, true);
    await t.close();

    // Off (the default): no word in the ack, and whatever `evidence` holds is ignored like any unknown field.
    hooked = [];
    const off = await servers.start({ reportMinAgeMs: 0, reportWebhookUrl: hookUrl });
    const c = await off.client();
    assert.equal((await c.send('CONNECT', { as: 'Cy' })).reportEvidence, undefined);
    const [d] = await users(off, 'Dee');
    await meet(c, d, 'Dee');
    assert.deepEqual(await c.send('REPORT', { name: 'Dee', reason: 'nudity', evidence: 'not even base64!' }), { ok: true });
    await waitFor(() => hooked.length === 1);
    assert.equal(hooked[0].body.evidence, undefined);
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
