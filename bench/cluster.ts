// The cluster part (`--only cluster`): what a handshake costs the whole
// cluster — every server process plus redis-server, CPU time read from
// /proc/<pid>/stat — at 1, 2 and 4 processes, with both Redis adapters
// (classic pub/sub, sharded) side by side; users round robin over the
// processes, so with two or more every pair spans two processes. Then a
// rolling deploy (server/test/deploy.ts): calls dropped, time to resume.
import { readFile } from 'node:fs/promises';
import { startChild, stopChild } from './children.js';
import { ask } from './ipc.js';
import type { ConnectResult, RunResult, WindowResult } from './load/generator.js';
import type { ServerReady } from './servers/harness.js';
import { GENERATOR, SERVER_NODE_ARGS } from './signaling-load.js';
import { median } from './stats.js';
import { sleep } from './time.js';
import { rollingDeploy, type DeployReport } from '../server/test/deploy.js';
import { startRedis } from '../server/test/redis.js';

export const CLUSTER_NODE = 'bench/servers/cluster-node.ts';
export const ADAPTERS = ['classic', 'sharded'] as const;
export type Adapter = (typeof ADAPTERS)[number];

export interface ClusterOptions {
  processes: number[];
  users: number;
  /** Each pair starts a handshake this often: the same offered rate at every size. */
  periodMs: number;
  warmupSeconds: number;
  seconds: number;
  deploy: { processes: number; calls: number; ringing: number; idle: number } | null;
}

export interface ClusterPoint {
  adapter: Adapter;
  processes: number;
  handshakes: number;
  seconds: number;
  /** CPU time over the window, ms: all server processes, redis-server. */
  serversCpuMs: number;
  redisCpuMs: number;
  cpuMsPerHandshake: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  errorSamples: string[];
}

export interface ClusterResult {
  points: ClusterPoint[];
  deploy: (DeployReport & { resumeMedianMs: number; resumeMaxMs: number }) | null;
}

const TICK_MS = 10; // `getconf CLK_TCK` is 100 on Linux

/** utime + stime of a process, ms (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

async function point(adapter: Adapter, processes: number, options: ClusterOptions, progress: (line: string) => void): Promise<ClusterPoint> {
  const redis = await startRedis();
  // One after the other: on a busy machine four at once can each take longer than startChild allows.
  const nodes: Awaited<ReturnType<typeof startChild<ServerReady>>>[] = [];
  for (let i = 0; i < processes; i++) {
    nodes.push(await startChild<ServerReady>(CLUSTER_NODE, SERVER_NODE_ARGS, { REDIS_URL: redis.url, BENCH_ADAPTER: adapter }));
  }
  const { child: generator } = await startChild(GENERATOR);
  try {
    await ask<ConnectResult>(generator, 'connect', {
      dialect: 'roulette',
      url: nodes.map((n) => `http://127.0.0.1:${n.ready.port}`),
      n: options.users,
      concurrency: 16,
    });
    progress(`cluster: ${adapter}, ${processes} process${processes > 1 ? 'es' : ''}: ${options.users} users connected`);
    const pids = nodes.map((n) => n.ready.pid);
    const sample = async () => ({ servers: (await Promise.all(pids.map(cpuMs))).reduce((a, b) => a + b, 0), redis: await cpuMs(redis.pid) });
    await ask(generator, 'start', { pairs: Math.floor(options.users / 2), periodMs: options.periodMs });
    await sleep(options.warmupSeconds * 1000);
    const [, c0] = await Promise.all([ask<WindowResult>(generator, 'mark'), sample()]);
    await sleep(options.seconds * 1000);
    const [result, c1] = await Promise.all([ask<WindowResult>(generator, 'mark'), sample()]);
    const run = await ask<RunResult>(generator, 'stop');
    if (run.stuck) result.errorSamples.push(`${run.stuck} pairs did not finish their last handshake`);
    const serversCpuMs = c1.servers - c0.servers;
    const redisCpuMs = c1.redis - c0.redis;
    return {
      adapter,
      processes,
      handshakes: result.handshakes,
      seconds: result.seconds,
      serversCpuMs,
      redisCpuMs,
      cpuMsPerHandshake: (serversCpuMs + redisCpuMs) / result.handshakes,
      p50Ms: result.latencyMs.p50,
      p99Ms: result.latencyMs.p99,
      errors: result.errors,
      errorSamples: result.errorSamples,
    };
  } finally {
    await ask(generator, 'close').catch(() => undefined);
    await stopChild(generator);
    for (const node of nodes) await ask(node.child, 'exit').catch(() => undefined);
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    await redis.stop();
  }
}

export async function measureCluster(options: ClusterOptions, progress: (line: string) => void): Promise<ClusterResult> {
  const points: ClusterPoint[] = [];
  // Sizes in turn, both adapters at each, so drift on a shared machine hits both alike.
  for (const processes of options.processes) {
    for (const adapter of ADAPTERS) {
      const p = await point(adapter, processes, options, progress);
      progress(`cluster: ${adapter}, ${processes}: ${p.handshakes} handshakes, ${p.cpuMsPerHandshake.toFixed(2)} ms CPU each`);
      points.push(p);
    }
  }
  let deploy: ClusterResult['deploy'] = null;
  if (options.deploy) {
    progress(`cluster: rolling deploy of ${options.deploy.processes} processes behind nginx`);
    const report = await rollingDeploy({ ...options.deploy, progress: (line) => progress(`deploy: ${line}`) });
    deploy = { ...report, resumeMedianMs: median(report.resumeMs), resumeMaxMs: report.resumeMs.at(-1) ?? NaN };
  }
  return { points, deploy };
}
