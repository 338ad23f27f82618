// /healthz and /metrics as an operator's scraper sees them, and TURN
// credentials in the CONNECT ack.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig, ConfigError } from '../config.js';
import { candidate, startServer, type TestServer } from './helpers.js';

const METRICS_TOKEN = 'scrape-7f3a9c';
let t: TestServer;
before(async () => {
  t = await startServer({
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    turn: { urls: ['turn:127.0.0.1:3478?transport=udp'], secret: 's3cret', ttlSeconds: 600 },
    metricsToken: METRICS_TOKEN,
  });
});
after(() => t.close());

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  assert.ok(line, `${name} is exported`);
  return Number(line.split(' ').pop());
}

describe('operations endpoints', () => {
  it('GET /healthz answers ok while the store answers', async () => {
    const res = await fetch(`${t.server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('GET /metrics counts users, requests, calls, queue, relays and errors by code', async () => {
    const [a, b, c, d, e] = await Promise.all(['m-a', 'm-b', 'm-c', 'm-d', 'm-e'].map((n) => t.user(n)));
    await a.send('REQUEST_CALL', { to: 'm-b' });
    await b.send('ACCEPT_CALL', { from: 'm-a' });
    for (let i = 0; i < 3; i++) await a.send('SEND_ICE_CANDIDATE', { to: 'm-b', candidate: candidate(i) });
    await c.send('REQUEST_CALL', { to: 'm-d' });
    await e.send('FIND_MATCH', {});
    await e.send('REQUEST_CALL', { to: 'm-a' });
    await c.send('REQUEST_CALL', 'junk');
    const res = await fetch(`${t.server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.equal(metric(text, 'roulette_users_connected'), 5);
    assert.equal(metric(text, 'roulette_calls_active'), 1);
    assert.equal(metric(text, 'roulette_requests_pending'), 1);
    assert.equal(metric(text, 'roulette_strangers_queued'), 1);
    assert.equal(metric(text, 'roulette_messages_relayed_total'), 3);
    assert.match(text, /roulette_errors_total\{code="ALREADY_IN_CALL"\} 1/);
    assert.match(text, /roulette_errors_total\{code="INVALID_PAYLOAD"\} 1/);
    assert.match(text, /roulette_process_resident_memory_bytes \d+/);
    void d;
  });
});

describe('/metrics access', () => {
  it('is refused without the bearer token, or with another one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`, `Bearer ${METRICS_TOKEN}x`, 'Bearer']) {
      const res = await fetch(`${t.server.url}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
      assert.equal(res.status, 401, authorization);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      const text = await res.text();
      assert.doesNotMatch(text, /roulette_/, 'no metric leaks into the refusal');
    }
    assert.equal((await fetch(`${t.server.url}/metrics`, { headers: { Authorization: `bearer ${METRICS_TOKEN}` } })).status, 200);
  });

  it('is not served at all when METRICS_TOKEN is unset', async () => {
    const bare = await startServer({}, 'memory');
    try {
      const res = await fetch(`${bare.server.url}/metrics`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(await res.text(), /roulette_/);
      assert.equal((await fetch(`${bare.server.url}/metrics`, { headers: { Authorization: 'Bearer ' } })).status, 404);
      assert.equal((await fetch(`${bare.server.url}/healthz`)).status, 200, '/healthz stays public');
    } finally {
      await bare.close();
    }
  });
});

describe('TURN credentials', () => {
  it('each CONNECT ack carries STUN from ICE_SERVERS and its own short-lived coturn REST credentials', async () => {
    const c = await t.client();
    const before = Math.floor(Date.now() / 1000);
    const ack = await c.send('CONNECT', { as: 'turn-user' });
    assert.equal(ack.ok, true);
    assert.deepEqual(ack.iceServers[0], { urls: 'stun:127.0.0.1:3478' });
    const turn = ack.iceServers[1];
    assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp']);
    const [expiry, name] = turn.username.split(':');
    assert.equal(name, 'turn-user');
    assert.ok(Number(expiry) >= before + 600 && Number(expiry) <= before + 602);
    assert.equal(turn.credential, createHmac('sha1', 's3cret').update(turn.username).digest('base64'));
    assert.ok(!JSON.stringify(ack).includes('s3cret'), 'the secret never leaves the server');
  });

  it('TURN_URLS and TURN_SECRET come together and are checked', () => {
    assert.deepEqual(loadConfig({ TURN_URLS: 'turn:a.example:3478, turns:a.example:5349', TURN_SECRET: 'x' }).turn, {
      urls: ['turn:a.example:3478', 'turns:a.example:5349'], secret: 'x', ttlSeconds: 3600,
    });
    assert.throws(() => loadConfig({ TURN_URLS: 'turn:a.example' }), (e: Error) => e instanceof ConfigError && /^TURN_SECRET/.test(e.message));
    assert.throws(() => loadConfig({ TURN_SECRET: 'x' }), /^Error: TURN_URLS|TURN_URLS/);
    assert.throws(() => loadConfig({ TURN_SECRET: 'x', TURN_URLS: 'http://nope' }), /TURN_URLS entries/);
    assert.throws(() => loadConfig({ TURN_SECRET: 'x', TURN_URLS: 'turn:a', TURN_TTL_SECONDS: '5' }), /TURN_TTL_SECONDS/);
  });
});
