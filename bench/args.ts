// Command-line flags of `npm run bench -- …`.
import { parseArgs } from 'node:util';
import type { TargetName } from './signaling-load.js';

const ALL_TARGETS = ['roulette', 'peerjs', 'ws-relay', 'socketio'] as const;

export const PARTS = ['load', 'browser', 'qoe', 'background', 'bundle', 'memory', 'cluster', 'soak'] as const;
export type Part = (typeof PARTS)[number];

export const USAGE = `npm run bench -- [flags]

  --only load,browser,qoe,background,bundle,memory,cluster,soak   parts to run (default: all but soak)
  --soak                  the soak alone (same as --only soak)
  --quick                 short windows and small counts, to check the wiring
  --n N                   users in the load test (default 1000)
  --seconds S             length of each full-load window (default 8)
  --rounds R              full-load windows per server, taken in turns (default 2)
  --memory-users N        idle users in the memory test (default 10000)
  --calls N               counted calls per browser variant (default 15)
  --qoe-seconds S         how long the quality-of-experience call is watched (default 60)
  --background-seconds S  how long each background-effect call is measured (default 60)
  --soak-minutes M        soak length (default 10)
  --soak-users N          users in the soak (default 1000)
  --cluster-users N       users in each cluster measurement (default 400)
  --targets a,b           servers: roulette, peerjs, ws-relay, socketio (default all)
  --profile               also record a CPU profile of each server under full load
                          (bench/results/profiles/*.cpuprofile) and summarise it
  --no-write              print only; do not update docs/benchmarks.md
  --help`;

export interface Options {
  parts: Part[];
  quick: boolean;
  n: number;
  seconds: number;
  rounds: number;
  memoryUsers: number;
  calls: number;
  qoeSeconds: number;
  backgroundSeconds: number;
  soakMinutes: number;
  soakUsers: number;
  clusterUsers: number;
  targets: TargetName[];
  profile: boolean;
  write: boolean;
  /** The flags as given, for the report. */
  argv: string[];
}

function list<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`${flag}: "${item}" is not one of ${allowed.join(', ')}`);
  }
  return items as T[];
}

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} takes a positive number, not "${value}"`);
  return n;
}

export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      soak: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      n: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      'memory-users': { type: 'string' },
      calls: { type: 'string' },
      'qoe-seconds': { type: 'string' },
      'background-seconds': { type: 'string' },
      'soak-minutes': { type: 'string' },
      'soak-users': { type: 'string' },
      'cluster-users': { type: 'string' },
      targets: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick!;
  const parts = values.only
    ? list(values.only, PARTS, '--only')
    : values.soak
      ? (['soak'] as Part[])
      : PARTS.filter((part) => part !== 'soak');
  return {
    parts,
    quick,
    n: count(values.n, 1000, '--n'),
    seconds: count(values.seconds, quick ? 2 : 8, '--seconds'),
    rounds: count(values.rounds, quick ? 1 : 2, '--rounds'),
    memoryUsers: count(values['memory-users'], quick ? 2000 : 10_000, '--memory-users'),
    calls: count(values.calls, quick ? 3 : 15, '--calls'),
    qoeSeconds: count(values['qoe-seconds'], quick ? 10 : 60, '--qoe-seconds'),
    backgroundSeconds: count(values['background-seconds'], quick ? 10 : 60, '--background-seconds'),
    soakMinutes: count(values['soak-minutes'], quick ? 0.5 : 10, '--soak-minutes'),
    soakUsers: count(values['soak-users'], 1000, '--soak-users'),
    clusterUsers: count(values['cluster-users'], quick ? 100 : 400, '--cluster-users'),
    targets: values.targets ? list(values.targets, ALL_TARGETS, '--targets') : [...ALL_TARGETS],
    profile: values.profile!,
    write: !values['no-write'] && !quick,
    argv,
  };
}
