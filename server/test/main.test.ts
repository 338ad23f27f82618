// The real entry point as `npm start` runs it: configuration errors and a
// graceful SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { loadConfig } from '../config.js';

const MAIN = new URL('../main.ts', import.meta.url).pathname;

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(loadConfig({}), {
      port: 3000, host: undefined, ringTimeoutMs: 30_000, resumeGraceMs: 15_000,
      iceServers: [], corsOrigins: '*', turn: undefined, redisUrl: undefined, logLevel: 'info',
      connectTimeoutMs: 10_000, maxConnectionsPerIp: 50, trustProxy: false, interestWaitMs: 5_000,
      reportThreshold: 3, reportSuspendMs: 3_600_000, reportWebhookUrl: undefined, reportMinAgeMs: 120_000, reportEvidence: false,
      authSecret: undefined, authPublicKeyFile: undefined, authAudience: undefined, authNameClaim: undefined,
      metricsToken: undefined, frameAncestors: ["'self'"],
    });
    const c = loadConfig({ ICE_SERVERS: '[{"urls":"stun:127.0.0.1:3478"}]', CORS_ORIGINS: 'https://a.example, http://b.example:8080' });
    assert.deepEqual(c.iceServers, [{ urls: 'stun:127.0.0.1:3478' }]);
    assert.deepEqual(c.corsOrigins, ['https://a.example', 'http://b.example:8080']);
  });

  for (const [name, value] of [
    ['PORT', 'eighty'], ['PORT', '70000'], ['RING_TIMEOUT_MS', '-5'], ['RESUME_GRACE_MS', '1.5'],
    ['ICE_SERVERS', '{"urls":1}'], ['ICE_SERVERS', 'not json'], ['CORS_ORIGINS', 'shop.example/path'], ['LOG_LEVEL', 'loud'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['CONNECT_TIMEOUT_MS', '0'], ['MAX_CONNECTIONS_PER_IP', 'many'], ['TRUST_PROXY', 'yes'], ['INTEREST_WAIT_MS', '-1'],
    ['REPORT_THRESHOLD', '0'], ['REPORT_SUSPEND_MS', '1h'], ['REPORT_WEBHOOK_URL', 'ftp://reports.example'],
    ['AUTH_SECRET', 'too-short'], ['AUTH_PUBLIC_KEY_FILE', '/nonexistent/key.pem'], ['METRICS_TOKEN', 'two words'],
    ['FRAME_ANCESTORS', "https://a.example; script-src *"], ['REPORT_MIN_AGE_MS', 'two minutes'], ['REPORT_EVIDENCE', 'yes'],
  ]) {
    it(`a bad ${name} (${value}) stops start-up with one line naming it`, async () => {
      const { child, stderr } = start({ [name]: value });
      const [code] = await once(child, 'exit');
      assert.equal(code, 1);
      const lines = stderr().trim().split('\n');
      assert.equal(lines.length, 1, stderr());
      assert.match(lines[0], new RegExp(`^roulette: ${name} `));
    });
  }
});

it('v2.1: a private key in AUTH_PUBLIC_KEY_FILE stops start-up with a sentence saying why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roulette-key-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ed = generateKeyPairSync('ed25519');
  const pems: [string, string][] = [
    ['pkcs8 rsa', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string],
    ['pkcs1 rsa', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string],
    ['sec1 ec', ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string],
    ['pkcs8 ed25519', ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string],
  ];
  for (const [kind, pem] of pems) {
    const path = join(dir, `${kind.replace(' ', '-')}.pem`);
    writeFileSync(path, pem);
    const { child, stderr } = start({ AUTH_PUBLIC_KEY_FILE: path });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1, kind);
    const lines = stderr().trim().split('\n');
    assert.equal(lines.length, 1, stderr());
    assert.match(lines[0], /^roulette: AUTH_PUBLIC_KEY_FILE holds a private key; give the server only the public half/, kind);
    assert.ok(!lines[0].includes('PRIVATE KEY-----\n'), 'the key itself is never echoed');
  }
  // Its public half starts.
  const path = join(dir, 'public.pem');
  writeFileSync(path, ec.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const { child, stderr } = start({ AUTH_PUBLIC_KEY_FILE: path });
  while (!/open http/.test(stderr())) await once(child.stderr, 'data');
  child.kill('SIGTERM');
  await once(child, 'exit');
});

it('SIGTERM tells connected clients why and exits within a few seconds', async () => {
  const { child, stderr } = start({});
  while (!/open http/.test(stderr())) await once(child.stderr, 'data');
  const url = /open (http\S+)/.exec(stderr())![1];
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  const event = (name: string) => new Promise<any>((resolve) => socket.once(name, resolve));
  await event('connect');
  const closing = event('SERVER_CLOSING');
  const disconnected = event('disconnect');
  const started = Date.now();
  child.kill('SIGTERM');
  const { reason } = await closing;
  assert.match(reason, /shutting down/);
  assert.equal(await disconnected, 'io server disconnect');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 4000);
});

describe('configuration (protocol v2)', () => {
  it('reads every v2 setting', () => {
    const secret = 'x'.repeat(32);
    const c = loadConfig({
      CONNECT_TIMEOUT_MS: '2000', MAX_CONNECTIONS_PER_IP: '5', TRUST_PROXY: '1', INTEREST_WAIT_MS: '0',
      REPORT_THRESHOLD: '2', REPORT_SUSPEND_MS: '60000', REPORT_WEBHOOK_URL: 'https://hooks.example/reports?key=k',
      AUTH_SECRET: secret, AUTH_AUDIENCE: 'roulette', AUTH_NAME_CLAIM: 'nickname', METRICS_TOKEN: 'scrape-me',
      FRAME_ANCESTORS: "'self' https://shop.example, https://*.blog.example:8443",
      REPORT_MIN_AGE_MS: '30000', REPORT_EVIDENCE: '1',
    });
    assert.deepEqual([c.reportMinAgeMs, c.reportEvidence], [30_000, true]);
    assert.deepEqual(
      [c.connectTimeoutMs, c.maxConnectionsPerIp, c.trustProxy, c.interestWaitMs, c.reportThreshold, c.reportSuspendMs, c.reportWebhookUrl],
      [2000, 5, true, 0, 2, 60_000, 'https://hooks.example/reports?key=k'],
    );
    assert.deepEqual([c.authSecret, c.authPublicKeyFile, c.authAudience, c.authNameClaim], [secret, undefined, 'roulette', 'nickname']);
    assert.equal(c.metricsToken, 'scrape-me');
    assert.deepEqual(c.frameAncestors, ["'self'", 'https://shop.example', 'https://*.blog.example:8443']);
    assert.deepEqual(loadConfig({ FRAME_ANCESTORS: "'none'" }).frameAncestors, ["'none'"]);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
  });

  it('never echoes a secret in a refusal', () => {
    assert.throws(() => loadConfig({ AUTH_SECRET: 'hunter2' }), (e: Error) => /^AUTH_SECRET /.test(e.message) && !e.message.includes('hunter2'));
    assert.throws(() => loadConfig({ REPORT_WEBHOOK_URL: 'ftp://user:pw@x' }), (e: Error) => !e.message.includes('pw'));
  });
});
