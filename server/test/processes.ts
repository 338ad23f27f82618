// Test kit for whole-process scenarios: `npm start` (server/main.ts) in a
// child process, and Debian's nginx with the shipped recipe
// (deploy/nginx/roulette.conf) in front of several of them, both on loopback.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis.js';

const MAIN = new URL('../main.ts', import.meta.url).pathname;
const RECIPE = new URL('../../deploy/nginx/roulette.conf', import.meta.url);
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync) ?? 'nginx';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What it wrote so far: stderr, then the end of its log (stdout). */
  output(): string;
}

/** `npm start` in a child process; resolves with its URL once it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let log = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  // The JSON log, when LOG_LEVEL asks for one (kept to its last 64 KB).
  child.stdout!.on('data', (chunk) => (log = (log + chunk).slice(-65_536)));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`server exited (${code}): ${stderr}`);
  });
  while (!/open http/.test(stderr)) await Promise.race([once(child.stderr!, 'data'), exited]);
  exited.catch(() => undefined);
  return { child, url: /open (http\S+)/.exec(stderr)![1], output: () => `${stderr}${log}` };
}

export interface TestNginx {
  /** Where clients connect. */
  url: string;
  /** nginx's error log so far. */
  errors(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Debian's nginx with deploy/nginx/roulette.conf as shipped, only its
 * addresses changed: one upstream line per port, listening on a free
 * loopback port; everything else under a temporary directory.
 */
export async function startNginx(upstreams: number[]): Promise<TestNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'roulette-nginx-'));
  const port = await freePort();
  const shipped = await readFile(RECIPE, 'utf8');
  const lines = /^( *)server 127\.0\.0\.1:3001([^;\n]*);\n\1server 127\.0\.0\.1:3002\2;\n/m.exec(shipped);
  assert.ok(lines && shipped.includes('listen 80;'), 'recipe markers moved');
  const recipe = shipped
    .replace(lines[0], upstreams.map((p) => `${lines[1]}server 127.0.0.1:${p}${lines[2]};\n`).join(''))
    .replace('listen 80;', `listen 127.0.0.1:${port};`);
  await writeFile(join(dir, 'roulette.conf'), recipe);
  // A main configuration like Debian's, everything under the temp directory.
  await writeFile(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
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
  const nginx = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  nginx.stderr!.on('data', (chunk) => (stderr += chunk));
  const kill = () => nginx.kill('SIGKILL');
  process.once('exit', kill);
  await new Promise<void>((resolve, reject) => {
    nginx.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'nginx is not installed (Debian: apt-get install nginx).' : error.message)),
    );
    nginx.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr}`)));
    nginx.once('spawn', () => resolve());
  });
  const url = `http://127.0.0.1:${port}`;
  // Up once it answers through to a process.
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`nginx did not come up: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    errors: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      process.removeListener('exit', kill);
      nginx.removeAllListeners('exit');
      if (nginx.exitCode === null) {
        const exited = once(nginx, 'exit');
        nginx.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
