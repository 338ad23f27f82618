// The deployment recipe, tested: Debian's nginx with deploy/nginx/roulette.conf
// in front of two processes sharing Redis, no sticky sessions. Connections
// through it land on both processes, and a call between them works.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RunningServer } from '../http/listen.js';
import { answer, candidate, connectClient, offer, startCluster, stopTestRedis, type Client } from './helpers.js';
import { startNginx, type TestNginx } from './processes.js';
import { rawGet } from './raw-get.js';

let servers: RunningServer[];
let nginx: TestNginx;
let url: string;
const clients: Client[] = [];

before(async () => {
  const root = new URL('../..', import.meta.url).pathname;
  if (!existsSync(`${root}dist/roulette.js.br`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  servers = await startCluster();
  nginx = await startNginx(servers.map((s) => s.port));
  url = nginx.url;
});

after(async () => {
  for (const c of clients) c.close();
  await nginx?.stop();
  await Promise.all(servers.map((s) => s.close()));
  await stopTestRedis();
});

it('spreads WebSocket connections over both processes, and a call between them goes through', async () => {
  const users = await Promise.all(
    ['ann', 'bob', 'cy', 'di'].map(async (name) => {
      const c = await connectClient(url, {}, clients);
      const ack = await c.send('CONNECT', { as: name });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return c;
    }),
  );
  const where = (c: Client) => servers.findIndex((s) => s.signaling.io.of('/').sockets.has(c.socket.id!));
  const placed = users.map(where);
  assert.ok(placed.includes(0) && placed.includes(1), `all on one process: ${placed}`);

  // A caller and a recipient on different processes.
  const a = users[0];
  const b = users.find((c) => where(c) !== where(a))!;
  const bName = ['ann', 'bob', 'cy', 'di'][users.indexOf(b)];
  assert.deepEqual(await a.send('REQUEST_CALL', { to: bName }), { ok: true });
  assert.deepEqual(await b.next('CALL_REQUESTED'), { from: 'ann' });
  assert.deepEqual(await b.send('ACCEPT_CALL', { from: 'ann' }), { ok: true });
  assert.deepEqual(await a.next('CALL_ACCEPTED'), { by: bName });
  assert.deepEqual(await a.send('SEND_CALLER_DESCRIPTOR', { to: bName, sdp: offer }), { ok: true });
  assert.deepEqual(await b.next('CALLER_DESCRIPTOR_RECEIVED'), { from: 'ann', sdp: offer });
  assert.deepEqual(await b.send('SEND_RECIPIENT_DESCRIPTOR', { to: 'ann', sdp: answer }), { ok: true });
  assert.deepEqual(await a.next('RECIPIENT_DESCRIPTOR_RECEIVED'), { from: bName, sdp: answer });
  assert.deepEqual(await a.send('SEND_ICE_CANDIDATE', { to: bName, candidate: candidate(2) }), { ok: true });
  assert.equal((await b.next('ICE_CANDIDATE_RECEIVED')).candidate.candidate, candidate(2).candidate);
  assert.deepEqual(await a.send('HANG_UP', { to: bName }), { ok: true });
  assert.deepEqual(await b.next('CALL_ENDED'), { by: 'ann', reason: 'hangup' });
});

it('serves the pages and /healthz through the same address', async () => {
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /html/);
  assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
});

it('passes the bundle through as the processes encode it: br or gzip, decoding to the file, cached as they say, 304 on revalidation', async () => {
  const file = readFileSync(new URL('../../dist/roulette.js', import.meta.url));
  const br = await rawGet(`${url}/roulette.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.equal(br.headers['cache-control'], 'public, max-age=300');
  assert.deepEqual(brotliDecompressSync(br.body), file);
  const gzip = await rawGet(`${url}/roulette.js`, { 'Accept-Encoding': 'gzip' });
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(gzip.body), file);
  const again = await rawGet(`${url}/roulette.js`, { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) });
  assert.equal(again.status, 304);
  const page = await rawGet(`${url}/`, { 'Accept-Encoding': 'br' });
  assert.equal(page.headers['content-encoding'], 'br');
  assert.match(brotliDecompressSync(page.body).toString(), /<roulette-session/);
});
