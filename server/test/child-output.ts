// Waiting for a child process the tests start (coturn, a signaling server in
// another network namespace) to say it is ready.
import type { ChildProcess } from 'node:child_process';

/** Resolves when `pattern` appears in the child's output; rejects on exit or after `timeoutMs`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => done(new Error(`${what} was not ready within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) done(undefined, match[0]);
    };
    const onExit = (code: number | null) => done(new Error(`${what} exited (${code}) before it was ready:\n${output.slice(-2000)}`));
    function done(error?: Error, value?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining so a chatty child never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(value!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

