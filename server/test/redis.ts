// A real redis-server for the cluster tests (Debian's `redis-server`): on a
// free loopback port, nothing saved to disk, killed with the test process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  /** Process id of the redis-server running now (0 when stopped). */
  readonly pid: number;
  /** Stops the server; its data is gone (nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connected, but it answers nothing. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
}

/** A TCP port free on loopback right now, for a server a test starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`redis-server was not ready within 10 s:\n${output.slice(-2000)}`), 10_000);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'redis-server is not installed (Debian: apt-get install redis-server).' : error.message)),
    );
    child.once('exit', (code) => fail(`redis-server exited (${code}) before it was ready:\n${output.slice(-2000)}`));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        child.stderr!.resume();
        // Neither the child nor its pipes keep the test process alive.
        child.unref();
        (child.stdout as unknown as { unref(): void }).unref();
        (child.stderr as unknown as { unref(): void }).unref();
        resolve(child);
      }
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  let child: ChildProcess | null = null;
  let port = 0;
  const kill = () => child?.kill('SIGKILL');
  process.once('exit', kill);
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      // Another process took the port between the probe and the launch.
      if (attempt >= 4 || !/in use/i.test(String(error))) throw error;
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = once(running, 'exit');
      // Unreferenced since its launch: let waiting for it keep this process up.
      running.ref();
      running.kill('SIGTERM');
      await exited;
    },
    async start() {
      if (child) return;
      child = await launch(port);
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}
