// `npm run bench`: runs the parts asked for, prints one table, and records
// the results in docs/benchmarks.md (and the raw numbers in bench/results/).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseOptions, USAGE, type Options, type Part } from './args.js';
import { measureBackground } from './background.js';
import { ensureBuilt, measureBundles } from './bundle-sizes.js';
import { measureCallSetup, type Variant } from './call-setup.js';
import { commandLine, ROOT } from './children.js';
import { measureCluster, type ClusterOptions } from './cluster.js';
import { DOC, updateDoc } from './docs-file.js';
import { describeMachine, machineLine } from './machine.js';
import { measureMemory } from './memory-at-scale.js';
import { measureQoe } from './qoe.js';
import { consoleTables } from './report.js';
import { measureFirstScreen } from './first-screen.js';
import { backgroundSection, browserSection, bundleSection, clusterSection, loadSection, memorySection, qoeSection, soakSection, type Section } from './sections.js';
import { GENERATOR, measureLoad, SERVER_NODE_ARGS, TARGETS, type LoadOptions, type LoadResult } from './signaling-load.js';
import { soak } from './soak.js';

const RESULTS = join(ROOT, 'bench/results');
const progress = (line: string) => console.error(`[bench] ${line}`);

function loadOptions(options: Options): LoadOptions {
  return {
    n: options.n,
    connectConcurrency: 64,
    lightPairs: 10,
    lightPauseMs: 100,
    lightSeconds: options.quick ? 1 : 3,
    warmupSeconds: options.quick ? 0.5 : 2,
    fullSeconds: options.seconds,
    rounds: options.rounds,
    equalShare: 0.6,
    equalSeconds: options.quick ? 1 : 5,
    profileDir: options.profile ? join(RESULTS, 'profiles') : undefined,
  };
}

function clusterOptions(options: Options): ClusterOptions {
  return {
    processes: [1, 2, 4],
    users: options.clusterUsers,
    periodMs: 2000,
    warmupSeconds: options.quick ? 1 : 3,
    seconds: options.quick ? 3 : 10,
    deploy: options.quick ? { processes: 2, calls: 4, ringing: 1, idle: 2 } : { processes: 3, calls: 20, ringing: 4, idle: 10 },
  };
}

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const machine = await describeMachine();
  const command = ['npm run bench', ...(options.argv.length ? ['--', ...options.argv] : [])].join(' ');
  const header = () => `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machine)} with \`${command}\`.`;
  const wants = (part: Part) => options.parts.includes(part);
  const targets = options.targets.map((name) => TARGETS[name]);
  const sections: Partial<Record<Part, Section>> = {};
  const raw: Record<string, unknown> = { machine, options };

  progress(`${machineLine(machine)}; parts: ${options.parts.join(', ')}`);
  if (wants('bundle') || wants('browser') || wants('qoe') || wants('background')) await ensureBuilt(progress);
  if (wants('bundle')) {
    const sizes = await measureBundles();
    progress('bundle: bytes before each screen, in Chromium');
    const firstScreen = await measureFirstScreen();
    raw.bundle = { ...sizes, firstScreen };
    sections.bundle = bundleSection(sizes, firstScreen, header());
  }
  if (wants('load')) {
    const load = loadOptions(options);
    const results = await measureLoad(targets, load, progress);
    raw.load = results;
    const commands = [
      ...targets.map((t) => commandLine(t.script, SERVER_NODE_ARGS)),
      commandLine(GENERATOR),
    ];
    sections.load = loadSection(results, load, header(), commands);
  }
  if (wants('memory')) {
    const results = await measureMemory(targets, options.memoryUsers, 64, progress);
    raw.memory = results;
    sections.memory = memorySection(results, header());
  }
  if (wants('browser')) {
    const variants: Variant[] = ['floor', 'floor-vga', 'peerjs', 'roulette'];
    const { results, browserVersion } = await measureCallSetup(variants, options.calls, progress);
    raw.browser = { browserVersion, results };
    sections.browser = browserSection(results, browserVersion, options.calls, header());
  }
  if (wants('qoe')) {
    const { results, browserVersion, pageCpu, pageCpuError } = await measureQoe(options.qoeSeconds, progress);
    raw.qoe = { browserVersion, results, pageCpu, pageCpuError };
    sections.qoe = qoeSection(results, browserVersion, options.qoeSeconds, header(), pageCpu, pageCpuError);
  }
  if (wants('background')) {
    const { results, browserVersion } = await measureBackground(options.backgroundSeconds, progress);
    raw.background = { browserVersion, results };
    sections.background = backgroundSection(results, browserVersion, options.backgroundSeconds, header());
  }
  if (wants('cluster')) {
    const cluster = clusterOptions(options);
    const result = await measureCluster(cluster, progress);
    raw.cluster = result;
    sections.cluster = clusterSection(result, cluster, header());
  }
  if (wants('soak')) {
    const result = await soak(
      TARGETS.roulette,
      { users: options.soakUsers, minutes: options.soakMinutes, pauseMs: 1000, connectConcurrency: 64 },
      progress,
    );
    raw.soak = result;
    sections.soak = soakSection(result, header());
  }

  const order: Part[] = ['load', 'cluster', 'browser', 'qoe', 'background', 'bundle', 'memory', 'soak'];
  const ran = order.filter((part) => sections[part]);
  console.log(`\nRoulette benchmarks: ${machineLine(machine)}\n`);
  console.log(consoleTables(ran.flatMap((part) => sections[part]!.tables)));
  for (const r of (raw.load as LoadResult[] | undefined) ?? []) {
    if (!r.profile) continue;
    const layers = r.profile.summary.layers.slice(0, 8).map((l) => `${l.layer} ${(l.share * 100).toFixed(0)}%`);
    console.log(`\nCPU profile, ${r.target} (busy time by layer): ${layers.join(', ')}`);
  }

  await mkdir(RESULTS, { recursive: true });
  const rawFile = join(RESULTS, `run-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(rawFile, JSON.stringify(raw, null, 1));
  console.log(`\nRaw results: ${rawFile}`);
  if (options.write) {
    await updateDoc(Object.fromEntries(ran.map((part) => [part, sections[part]!.markdown])));
    console.log(`Updated ${DOC} (${ran.join(', ')}).`);
  }
}

await main();
