// Part 5: a bounded soak. N users in pairs make calls for a few minutes,
// each pair pausing between calls; every interval the server's memory and
// the generator's counts are sampled. After warm-up, memory should be flat
// (compared after a full GC, so garbage not yet collected does not count)
// and there should be no errors.
import { ask } from './ipc.js';
import type { WindowResult } from './load/generator.js';
import { rig, serverStats, unrig, type Target } from './signaling-load.js';
import { sleep } from './time.js';

export interface SoakSample {
  minute: number;
  rssMB: number;
  heapMB: number;
  handshakesPerSecond: number;
  latencyP99Ms: number;
  errors: number;
}

export interface SoakResult {
  target: Target['name'];
  users: number;
  minutes: number;
  pauseMs: number;
  samples: SoakSample[];
  handshakes: number;
  errors: number;
  errorSamples: string[];
  /** Heap after a full GC at the end of warm-up and at the end. */
  heapAfterWarmupMB: number;
  heapAtEndMB: number;
  rssAfterWarmupMB: number;
  rssAtEndMB: number;
  /** Least-squares slope of post-warm-up RSS samples. */
  rssSlopeMBPerMinute: number;
}

function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

export async function soak(
  target: Target,
  options: { users: number; minutes: number; pauseMs: number; connectConcurrency: number },
  progress: (line: string) => void,
): Promise<SoakResult> {
  progress(`soak: ${target.label}: ${options.users} users, ${options.minutes} min`);
  const r = await rig(target, options.users, options.connectConcurrency);
  const mb = (bytes: number) => bytes / 2 ** 20;
  try {
    const totalMs = options.minutes * 60_000;
    const intervalMs = Math.min(30_000, Math.max(2000, totalMs / 40));
    const warmupMs = Math.min(60_000, totalMs / 5);
    await ask(r.generator, 'start', { pairs: Math.floor(r.connect.users / 2), pauseMs: options.pauseMs });
    const started = Date.now();
    const samples: SoakSample[] = [];
    let handshakes = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    let warm: { heap: number; rss: number } | undefined;
    while (Date.now() - started < totalMs) {
      await sleep(intervalMs);
      const elapsed = Date.now() - started;
      if (!warm && elapsed >= warmupMs) {
        const stats = await serverStats(r.server, true);
        warm = { heap: stats.heapUsed, rss: stats.rss };
      }
      const [window, stats] = await Promise.all([ask<WindowResult>(r.generator, 'mark'), serverStats(r.server)]);
      handshakes += window.handshakes;
      errors += window.errors;
      errorSamples.push(...window.errorSamples.slice(0, 5 - errorSamples.length));
      samples.push({
        minute: elapsed / 60_000,
        rssMB: mb(stats.rss),
        heapMB: mb(stats.heapUsed),
        handshakesPerSecond: window.perSecond,
        latencyP99Ms: window.latencyMs.p99,
        errors: window.errors,
      });
      progress(
        `soak: ${(elapsed / 60_000).toFixed(1)} min, RSS ${mb(stats.rss).toFixed(1)} MB, ${window.perSecond.toFixed(0)} handshakes/s, errors ${errors}`,
      );
    }
    const end = await serverStats(r.server, true);
    const run = await ask<{ stuck: number }>(r.generator, 'stop');
    if (run.stuck) {
      errors += run.stuck;
      errorSamples.push(`${run.stuck} pairs did not finish their last handshake`);
    }
    warm ??= { heap: end.heapUsed, rss: end.rss };
    return {
      target: target.name,
      users: r.connect.users,
      minutes: options.minutes,
      pauseMs: options.pauseMs,
      samples,
      handshakes,
      errors,
      errorSamples,
      heapAfterWarmupMB: mb(warm.heap),
      heapAtEndMB: mb(end.heapUsed),
      rssAfterWarmupMB: mb(warm.rss),
      rssAtEndMB: mb(end.rss),
      rssSlopeMBPerMinute: slope(samples.filter((s) => s.minute * 60_000 >= warmupMs).map((s) => [s.minute, s.rssMB])),
    };
  } finally {
    await unrig(r);
  }
}
