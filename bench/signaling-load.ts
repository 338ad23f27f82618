// Part 1: the same signaling workload against each server, each in its own
// process, the generator in another. Per server: connect N users, a light
// window (a few pairs, paced) and a full window (every pair back to back),
// the server's own CPU time and memory read over IPC around each window.
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { startChild, stopChild } from './children.js';
import { summarizeProfile, type ProfileSummary } from './cpu-profile.js';
import { ask } from './ipc.js';
import type { DialectName } from './load/dialects.js';
import type { ConnectResult, RunResult, WindowResult } from './load/generator.js';
import type { ServerReady, ServerStats } from './servers/harness.js';
import { median } from './stats.js';
import { sleep } from './time.js';

/** A server under test; the socket.io floor speaks our dialect. */
export type TargetName = DialectName | 'socketio';

export interface Target {
  name: TargetName;
  dialect: DialectName;
  label: string;
  script: string;
}

export const TARGETS: Record<TargetName, Target> = {
  roulette: { name: 'roulette', dialect: 'roulette', label: 'Roulette', script: 'bench/servers/roulette.ts' },
  peerjs: { name: 'peerjs', dialect: 'peerjs', label: 'PeerJS server', script: 'bench/servers/peerjs.ts' },
  'ws-relay': { name: 'ws-relay', dialect: 'ws-relay', label: 'bare ws relay', script: 'bench/servers/ws-relay.ts' },
  socketio: { name: 'socketio', dialect: 'roulette', label: 'bare socket.io', script: 'bench/servers/socketio-bare.ts' },
};

export const GENERATOR = 'bench/load/generator.ts';
export const SERVER_NODE_ARGS = ['--expose-gc'];

export interface LoadOptions {
  n: number;
  connectConcurrency: number;
  lightPairs: number;
  lightPauseMs: number;
  lightSeconds: number;
  warmupSeconds: number;
  fullSeconds: number;
  /** Full-load windows per server, taken in turns (A B C A B C…) so drift on a shared machine hits all alike. */
  rounds: number;
  /** The equal-load window's rate, as a share of the slowest server's full-load rate. */
  equalShare: number;
  equalSeconds: number;
  /** Where to write a CPU profile of an extra full-load window per server; none when undefined. */
  profileDir?: string;
}

export interface FullWindow {
  result: WindowResult;
  cpuMs: number;
  cpuMsPerHandshake: number;
  /** Server CPU time / wall time (1 = one core busy all the time). */
  serverCpuShare: number;
}

export interface LoadResult {
  target: TargetName;
  users: number;
  connectMs: number;
  rssPerConnectionKB: number;
  light: WindowResult;
  /** Every pair back to back, one entry per round. */
  full: FullWindow[];
  /** The same offered rate for every server. */
  equal?: FullWindow & { rate: number };
  framesPerHandshake: number;
  serverRssMB: number;
  errors: number;
  errorSamples: string[];
  profile?: { file: string; summary: ProfileSummary };
}

/** A server under test and a generator connected to it with `n` users. */
export interface Rig {
  target: Target;
  server: ChildProcess;
  generator: ChildProcess;
  port: number;
  connect: ConnectResult;
  before: ServerStats;
  after: ServerStats;
}

export const serverStats = (server: ChildProcess, collect = false) => ask<ServerStats>(server, 'stats', { collect });

/** Starts a server and a generator, and connects `n` users; measures RSS before and after. */
export async function rig(target: Target, n: number, connectConcurrency: number): Promise<Rig> {
  const { child: server, ready } = await startChild<ServerReady>(target.script, SERVER_NODE_ARGS);
  const { child: generator } = await startChild(GENERATOR);
  await sleep(300);
  const before = await serverStats(server, true);
  const connect = await ask<ConnectResult>(generator, 'connect', {
    dialect: target.dialect,
    url: `http://127.0.0.1:${ready.port}`,
    n,
    concurrency: connectConcurrency,
  });
  await sleep(500);
  const after = await serverStats(server, true);
  return { target, server, generator, port: ready.port, connect, before, after };
}

export async function unrig({ server, generator }: Rig): Promise<void> {
  await ask(generator, 'close').catch(() => undefined);
  await stopChild(generator);
  await ask(server, 'exit').catch(() => undefined);
  await stopChild(server);
}

interface Pace {
  pairs: number;
  pauseMs?: number;
  periodMs?: number;
}

/** Runs pairs for a window and returns the generator's and the server's view of it. */
export async function window(r: Rig, pace: Pace, warmupSeconds: number, seconds: number) {
  await ask(r.generator, 'start', pace);
  await sleep(warmupSeconds * 1000);
  const [, s0] = await Promise.all([ask<WindowResult>(r.generator, 'mark'), serverStats(r.server)]);
  await sleep(seconds * 1000);
  const [result, s1] = await Promise.all([ask<WindowResult>(r.generator, 'mark'), serverStats(r.server)]);
  const run = await ask<RunResult>(r.generator, 'stop');
  const cpuMs = (s1.cpuUs - s0.cpuUs) / 1000;
  const full: FullWindow = {
    result,
    cpuMs,
    cpuMsPerHandshake: cpuMs / result.handshakes,
    serverCpuShare: cpuMs / (result.seconds * 1000),
  };
  if (run.stuck) result.errorSamples.push(`${run.stuck} pairs did not finish their last handshake`);
  return { ...full, run, stats: s1 };
}

/**
 * Part 1 for several servers at once: every rig stays connected while the
 * others run (idle connections cost next to nothing), so windows can take
 * turns and machine drift lands on all servers alike.
 */
export async function measureLoad(targets: Target[], options: LoadOptions, progress: (line: string) => void): Promise<LoadResult[]> {
  const rigs: Rig[] = [];
  try {
    for (const target of targets) {
      progress(`load: ${target.label}: connecting ${options.n} users`);
      rigs.push(await rig(target, options.n, options.connectConcurrency));
    }
    const results: LoadResult[] = rigs.map((r) => ({
      target: r.target.name,
      users: r.connect.users,
      connectMs: r.connect.ms,
      rssPerConnectionKB: (r.after.rss - r.before.rss) / r.connect.users / 1024,
      light: undefined as unknown as WindowResult,
      full: [],
      framesPerHandshake: NaN,
      serverRssMB: NaN,
      errors: 0,
      errorSamples: [],
    }));
    const noteErrors = (result: LoadResult, window: WindowResult) => {
      result.errors += window.errors;
      result.errorSamples.push(...window.errorSamples);
    };
    for (const [i, r] of rigs.entries()) {
      progress(`load: ${r.target.label}: light load`);
      const pairs = Math.min(options.lightPairs, Math.floor(r.connect.users / 2));
      const light = await window(r, { pairs, pauseMs: options.lightPauseMs }, 0.5, options.lightSeconds);
      results[i].light = light.result;
      noteErrors(results[i], light.result);
    }
    for (let round = 1; round <= options.rounds; round++) {
      for (const [i, r] of rigs.entries()) {
        progress(`load: ${r.target.label}: full load, round ${round} of ${options.rounds}`);
        const full = await window(r, { pairs: Math.floor(r.connect.users / 2) }, options.warmupSeconds, options.fullSeconds);
        results[i].full.push(full);
        results[i].framesPerHandshake = full.run.framesPerHandshake;
        results[i].serverRssMB = full.stats.rss / 1024 / 1024;
        noteErrors(results[i], full.result);
      }
    }
    if (options.equalSeconds > 0) {
      const slowest = Math.min(...results.map((result) => median(result.full.map((f) => f.result.perSecond))));
      const rate = Math.max(1, Math.round((slowest * options.equalShare) / 10) * 10);
      for (const [i, r] of rigs.entries()) {
        progress(`load: ${r.target.label}: equal load, ${rate} handshakes/s`);
        const pairs = Math.floor(r.connect.users / 2);
        const equal = await window(r, { pairs, periodMs: (pairs / rate) * 1000 }, 1, options.equalSeconds);
        results[i].equal = { ...equal, rate };
        noteErrors(results[i], equal.result);
      }
    }
    if (options.profileDir) {
      await mkdir(options.profileDir, { recursive: true });
      for (const [i, r] of rigs.entries()) {
        progress(`load: ${r.target.label}: CPU profile of a full-load window`);
        const file = `${options.profileDir}/${r.target.name}-${Date.now()}.cpuprofile`;
        await ask(r.generator, 'start', { pairs: Math.floor(r.connect.users / 2) });
        await sleep(options.warmupSeconds * 1000);
        await ask(r.server, 'profileStart');
        await sleep(options.fullSeconds * 1000);
        await ask(r.server, 'profileStop', { file });
        await ask(r.generator, 'stop');
        results[i].profile = { file, summary: await summarizeProfile(file) };
      }
    }
    return results;
  } finally {
    for (const r of rigs) await unrig(r);
  }
}
