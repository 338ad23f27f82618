// The deployment recipe, tested: Debian's nginx with deploy/nginx/roulette.conf
// in front of two processes sharing Redis, no sticky sessions. Connections
// through it land on both processes, and a call between them works.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { freePort } from './test-redis.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { RunningServer } from './listen.js';
import { answer, candidate, connectClient, offer, startCluster, stopTestRedis, type Client } from './test-helpers.js';

const RECIPE = new URL('../deploy/nginx/roulette.conf', import.meta.url);
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync) ?? 'nginx';

let servers: RunningServer[];
let nginx: ChildProcess;
let dir: string;
let url: string;
const clients: Client[] = [];

before(async () => {
  servers = await startCluster();
  dir = await mkdtemp(join(tmpdir(), 'roulette-nginx-'));
  const port = await freePort();
  // The recipe as shipped, with only its addresses changed.
  const recipe = (await readFile(RECIPE, 'utf8'))
    .replace('server 127.0.0.1:3001;', `server 127.0.0.1:${servers[0].port};`)
    .replace('server 127.0.0.1:3002;', `server 127.0.0.1:${servers[1].port};`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`);
  assert.ok(recipe.includes(`listen 127.0.0.1:${port};`) && recipe.includes(`${servers[1].port};`), 'recipe markers moved');
  await writeFile(join(dir, 'roulette.conf'), recipe);
  // A main configuration like Debian's, everything under the temp directory.
  await writeFile(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/roulette.conf;
}
`,
  );
  nginx = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  nginx.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    nginx.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'nginx is not installed (Debian: apt-get install nginx).' : error.message)),
    );
    nginx.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr}`)));
    nginx.once('spawn', () => resolve());
  });
  url = `http://127.0.0.1:${port}`;
  // Up once it answers through to a process.
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`nginx did not come up: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

after(async () => {
  for (const c of clients) c.close();
  nginx?.removeAllListeners('exit');
  nginx?.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.close()));
  await stopTestRedis();
  await rm(dir, { recursive: true, force: true });
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
