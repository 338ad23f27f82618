// The real entry point as `npm start` runs it: configuration errors and a
// graceful SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { loadConfig } from './config.js';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

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
    });
    const c = loadConfig({ ICE_SERVERS: '[{"urls":"stun:127.0.0.1:3478"}]', CORS_ORIGINS: 'https://a.example, http://b.example:8080' });
    assert.deepEqual(c.iceServers, [{ urls: 'stun:127.0.0.1:3478' }]);
    assert.deepEqual(c.corsOrigins, ['https://a.example', 'http://b.example:8080']);
  });

  for (const [name, value] of [
    ['PORT', 'eighty'], ['PORT', '70000'], ['RING_TIMEOUT_MS', '-5'], ['RESUME_GRACE_MS', '1.5'],
    ['ICE_SERVERS', '{"urls":1}'], ['ICE_SERVERS', 'not json'], ['CORS_ORIGINS', 'shop.example/path'], ['LOG_LEVEL', 'loud'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
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
