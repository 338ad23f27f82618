// CORS_ORIGINS refusals that explain themselves: the socket.io handshake says
// why (so the browser can tell "refused" from "unreachable"), the log names
// the origin once a minute, and start-up prints who is allowed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { listen, type RunningServer } from '../http/listen.js';
import { silentLogger, type Logger } from '../log.js';
import { describeAllowedOrigins, OriginRefusals } from '../signaling/origins.js';

const servers: RunningServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function start(corsOrigins: '*' | string[], logger: Logger = silentLogger) {
  const server = await listen({ port: 0, host: '127.0.0.1', corsOrigins, logger });
  servers.push(server);
  return server;
}

/** Connects as a page from `origin` would (WebSocket only); resolves with how it went. */
function handshake(url: string, origin?: string) {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: origin ? { Origin: origin } : {},
  });
  return new Promise<{ connected: boolean; error?: Error & { data?: any } }>((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve({ connected: true });
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve({ connected: false, error });
    });
  });
}

describe('CORS_ORIGINS in the signaling handshake', () => {
  it('a refused origin gets a connect_error with a reason it can read: code, origin, and what decides', async () => {
    const logged: object[] = [];
    const server = await start(['https://shop.example'], { info: (event: string, fields?: object) => logged.push({ event, ...fields }), error() {} });
    const { connected, error } = await handshake(server.url, 'https://elsewhere.example');
    assert.equal(connected, false);
    assert.deepEqual(error?.data, { code: 'ORIGIN_REFUSED', origin: 'https://elsewhere.example' });
    assert.match(error!.message, /https:\/\/elsewhere\.example.*CORS_ORIGINS/);
    assert.deepEqual(logged.filter((l: any) => l.event === 'origin.refused').map((l: any) => l.origin), ['https://elsewhere.example']);
  });

  it('an allowed origin and a client without Origin (not a browser page) connect', async () => {
    const server = await start(['https://shop.example']);
    assert.equal((await handshake(server.url, 'https://shop.example')).connected, true);
    assert.equal((await handshake(server.url)).connected, true);
    const open = await start('*');
    assert.equal((await handshake(open.url, 'https://anywhere.example')).connected, true);
  });

  it('a refused page reaches no handler and its transport is closed by the server', async () => {
    const server = await start([]);
    const socket = io(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { Origin: 'https://elsewhere.example' } });
    await new Promise((resolve) => socket.once('connect_error', resolve));
    assert.equal(server.signaling.io.of('/').sockets.size, 0);
    // socket.io-client leaves by itself; the engine connection is gone within about a second either way.
    const deadline = Date.now() + 3000;
    while (server.signaling.io.engine.clientsCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.signaling.io.engine.clientsCount, 0);
    socket.close();
  });
});

describe('the refusal log', () => {
  it('names each refused origin at most once a minute', () => {
    let now = 0;
    const lines: string[] = [];
    const refusals = new OriginRefusals({ info: (_event, fields) => lines.push(String(fields?.origin)), error() {} }, 60_000, () => now);
    refusals.log('https://a.example');
    refusals.log('https://a.example');
    refusals.log('https://b.example');
    now = 59_999;
    refusals.log('https://a.example');
    now = 60_000;
    refusals.log('https://a.example');
    assert.deepEqual(lines, ['https://a.example', 'https://b.example', 'https://a.example']);
  });

  it('stays small when many origins are refused', () => {
    const lines: string[] = [];
    const refusals = new OriginRefusals({ info: (_e, f) => lines.push(String(f?.origin)), error() {} });
    for (let i = 0; i < 5000; i++) refusals.log(`https://site${i}.example`);
    assert.equal(lines.length, 5000);
  });
});

describe('start-up', () => {
  it('says which sites may use the server', () => {
    assert.match(describeAllowedOrigins('*'), /any site/);
    assert.match(describeAllowedOrigins(['https://a.example', 'https://b.example']), /https:\/\/a\.example, https:\/\/b\.example/);
    assert.match(describeAllowedOrigins([]), /no site/);
  });

  it('npm start prints the allowed origins', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('../main.ts', import.meta.url).pathname], {
      env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', CORS_ORIGINS: 'https://shop.example' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    while (!/CORS_ORIGINS/.test(stderr)) await once(child.stderr, 'data');
    child.kill('SIGTERM');
    await once(child, 'exit');
    assert.match(stderr, /Pages on these sites may use this server \(CORS_ORIGINS\): https:\/\/shop\.example\./);
  });
});
