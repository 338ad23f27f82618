// Runs inside each server under test: reports its port when listening, then
// answers the runner's questions about its own CPU time and memory, and can
// record a CPU profile of a chosen window (the same V8 sampler as
// `node --cpu-prof`, started and stopped over IPC).
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { answer } from '../ipc.js';

export interface ServerStats {
  /** User + system CPU time of the whole process, microseconds. */
  cpuUs: number;
  rss: number;
  heapUsed: number;
}

export interface ServerReady {
  port: number;
  pid: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export async function serveUnderTest(start: () => Promise<number>): Promise<void> {
  const port = await start();
  let session: Session | undefined;
  answer({
    stats({ collect }: { collect?: boolean }): ServerStats {
      if (collect && gc) {
        gc();
        gc();
      }
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      return { cpuUs: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed };
    },
    async profileStart() {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    async profileStop({ file }: { file: string }) {
      if (!session) throw new Error('no profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
    exit() {
      setImmediate(() => process.exit(0));
    },
  });
  process.send!({ ready: { port, pid: process.pid } satisfies ServerReady });
}
