// Request/response over a child process's IPC channel: the runner asks, the
// child (a server under test or the load generator) answers.
import type { ChildProcess } from 'node:child_process';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}

interface Response {
  id: number;
  result?: unknown;
  error?: string;
}

let nextId = 1;

/** Sends `cmd` to a child and resolves with what its handler returned. */
export function ask<T>(child: ChildProcess, cmd: string, args: unknown = {}): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: Response) => {
      if (message?.id !== id) return;
      cleanup();
      if (message.error !== undefined) reject(new Error(`${cmd}: ${message.error}`));
      else resolve(message.result as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${cmd}: the child exited (${signal ?? code}) before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ id, cmd, args } satisfies Request);
  });
}

export type Handlers = Record<string, (args: never) => unknown>;

/** In a child: answers the runner's requests with `handlers`. */
export function answer(handlers: Handlers): void {
  process.on('message', async (message: Request) => {
    const handler = handlers[message.cmd] as ((args: unknown) => unknown) | undefined;
    try {
      if (!handler) throw new Error(`unknown command ${message.cmd}`);
      const result = await handler(message.args);
      process.send!({ id: message.id, result } satisfies Response);
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error)?.stack ?? error) } satisfies Response);
    }
  });
}
