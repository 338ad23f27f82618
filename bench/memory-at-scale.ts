// Part 4: server memory with many idle users. Each server gets its own run:
// RSS after a full GC before the users connect and again once they are all
// registered and idle; the difference over the count is the cost of one
// connected user.
import { rig, serverStats, unrig, type Target } from './signaling-load.js';
import { sleep } from './time.js';

export interface MemoryResult {
  target: Target['name'];
  users: number;
  connectMs: number;
  baseRssMB: number;
  rssMB: number;
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
}

export async function measureMemory(
  targets: Target[],
  users: number,
  connectConcurrency: number,
  progress: (line: string) => void,
): Promise<MemoryResult[]> {
  const results: MemoryResult[] = [];
  for (const target of targets) {
    progress(`memory: ${target.label}: ${users} idle users`);
    const r = await rig(target, users, connectConcurrency);
    try {
      // Let connection-time garbage settle, then collect and read again.
      await sleep(2000);
      const after = await serverStats(r.server, true);
      const count = r.connect.users;
      results.push({
        target: target.name,
        users: count,
        connectMs: r.connect.ms,
        baseRssMB: r.before.rss / 2 ** 20,
        rssMB: after.rss / 2 ** 20,
        rssPerConnectionKB: (after.rss - r.before.rss) / count / 1024,
        heapPerConnectionKB: (after.heapUsed - r.before.heapUsed) / count / 1024,
      });
    } finally {
      await unrig(r);
    }
  }
  return results;
}
