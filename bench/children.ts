// Child processes for servers under test and the load generator: each gets
// its own process (and so its own core and event loop), a raised open-file
// limit for 10,000 sockets, and an IPC channel for the runner's questions.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `ulimit -n 65536` where the container allows it, else as high as the hard
 * limit goes; then the node process replaces bash (same pid, same IPC fd).
 */
const RAISE_FD_LIMIT = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The exact command line, for the report. */
export function commandLine(script: string, nodeArgs: string[] = []): string {
  return `bash -c 'ulimit -n 65536 || ulimit -n $(ulimit -Hn); exec node ${['--import', 'tsx', ...nodeArgs, script].join(' ')}'`;
}

/** Starts `node --import tsx <nodeArgs> <script>` and waits for its `{ ready }` message. */
export async function startChild<Ready extends object>(
  script: string,
  nodeArgs: string[] = [],
  /** Added to this process's environment. */
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn('bash', ['-c', RAISE_FD_LIMIT, process.execPath, '--import', 'tsx', ...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s`)), 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${signal ?? code}) while starting`));
    });
    const onMessage = (message: { ready?: Ready }) => {
      if (!message?.ready) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.ready);
    };
    child.on('message', onMessage);
  });
  return { child, ready };
}

/** Waits for a child to exit, killing it if it takes longer than `ms`. */
export async function stopChild(child: ChildProcess, ms = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}
