// Each part's results as a table (console and markdown) plus the markdown
// details that go under it in docs/benchmarks.md.
import { relative } from 'node:path';
import { BACKGROUND_SIZES, type BackgroundResult } from './background.js';
import type { BundleSize } from './bundle-sizes.js';
import type { Milestone } from './first-screen.js';
import type { PageCpu } from './page-cpu.js';
import { ADAPTERS, type Adapter, type ClusterOptions, type ClusterPoint, type ClusterResult } from './cluster.js';
import type { SetupResult, Variant } from './call-setup.js';
import { ROOT } from './children.js';
import type { ProfileSummary } from './cpu-profile.js';
import type { MemoryResult } from './memory-at-scale.js';
import { SETTLE_MS, summarize, type QoeResult, type QoeSummary, type QoeVariant } from './qoe.js';
import { fmt, markdownGrid, markdownTable, type Row, type Table } from './report.js';
import type { FullWindow, LoadOptions, LoadResult, TargetName } from './signaling-load.js';
import type { SoakResult } from './soak.js';
import { median, quantile } from './stats.js';

export interface Section {
  tables: Table[];
  markdown: string;
}

type Pick4 = { ours?: number; peerjs?: number; floor?: number; sio?: number };

function byTarget<T extends { target: TargetName }>(results: T[], value: (result: T) => number | undefined): Pick4 {
  const get = (name: TargetName) => {
    const found = results.find((result) => result.target === name);
    return found ? value(found) : undefined;
  };
  return { ours: get('roulette'), peerjs: get('peerjs'), floor: get('ws-relay'), sio: get('socketio') };
}

const fullMedian = (result: LoadResult, value: (w: FullWindow) => number) => median(result.full.map(value));

const COLUMNS: [string, string, string, string] = ['Roulette', 'PeerJS server', 'ws floor', 'socket.io floor'];

function profileMarkdown(label: string, file: string, summary: ProfileSummary): string {
  const layers = summary.layers
    .slice(0, 12)
    .map((l) => [l.layer, `${fmt(l.ms, 0)} ms`, `${fmt(l.share * 100, 1)} %`]);
  const top = summary.top.map((f) => [`\`${f.name}\``, f.where ? `\`${f.where}\`` : '', f.layer, `${fmt(f.share * 100, 1)} %`]);
  return [
    `#### ${label}: where the server's CPU went (${fmt(summary.busyMs, 0)} ms busy, profile \`${relative(ROOT, file)}\`)`,
    '',
    markdownGrid(['layer', 'self time', 'share of busy'], layers),
    '',
    markdownGrid(['function (self time)', 'where', 'layer', 'share'], top),
  ].join('\n');
}

export function loadSection(results: LoadResult[], options: LoadOptions, header: string, commands: string[]): Section {
  const n = results[0]?.users ?? options.n;
  const cpuFull = byTarget(results, (r) => fullMedian(r, (w) => w.cpuMsPerHandshake));
  const equalRate = results.find((r) => r.equal)?.equal?.rate;
  const rss = byTarget(results, (r) => r.rssPerConnectionKB);
  const rows: Row[] = [
    { label: `connect ${n} users, ms`, ...byTarget(results, (r) => r.connectMs), digits: 0 },
    { label: 'relay latency, light load, p50 ms', ...byTarget(results, (r) => r.light.latencyMs.p50), digits: 2 },
    { label: 'relay latency, light load, p95 ms', ...byTarget(results, (r) => r.light.latencyMs.p95), digits: 2 },
    { label: 'relay latency, light load, p99 ms', ...byTarget(results, (r) => r.light.latencyMs.p99), digits: 2 },
    { label: 'relay latency, full load, p50 ms', ...byTarget(results, (r) => fullMedian(r, (w) => w.result.latencyMs.p50)), digits: 1 },
    { label: 'relay latency, full load, p95 ms', ...byTarget(results, (r) => fullMedian(r, (w) => w.result.latencyMs.p95)), digits: 1 },
    { label: 'relay latency, full load, p99 ms', ...byTarget(results, (r) => fullMedian(r, (w) => w.result.latencyMs.p99)), digits: 1 },
    { label: 'handshakes/s, full load', ...byTarget(results, (r) => fullMedian(r, (w) => w.result.perSecond)), digits: 0 },
    {
      label: 'server CPU ms per handshake, full load',
      ...cpuFull,
      digits: 3,
      target: '≤ 1.00× PeerJS',
      met: cpuFull.ours !== undefined && cpuFull.peerjs !== undefined ? cpuFull.ours <= cpuFull.peerjs : undefined,
    },
  ];
  if (equalRate !== undefined) {
    const cpuEqual = byTarget(results, (r) => r.equal?.cpuMsPerHandshake);
    rows.push(
      {
        label: `server CPU ms per handshake, equal load (${equalRate}/s)`,
        ...cpuEqual,
        digits: 3,
        target: '≤ 1.00× PeerJS',
        met: cpuEqual.ours !== undefined && cpuEqual.peerjs !== undefined ? cpuEqual.ours <= cpuEqual.peerjs : undefined,
      },
      { label: `relay latency, equal load, p50 ms`, ...byTarget(results, (r) => r.equal?.result.latencyMs.p50), digits: 2 },
      { label: `relay latency, equal load, p99 ms`, ...byTarget(results, (r) => r.equal?.result.latencyMs.p99), digits: 2 },
    );
  }
  rows.push(
    { label: 'server CPU busy at full load, % of a core', ...byTarget(results, (r) => fullMedian(r, (w) => w.serverCpuShare * 100)), digits: 0 },
    { label: 'generator event-loop utilisation, full load', ...byTarget(results, (r) => fullMedian(r, (w) => w.result.elu)), digits: 2 },
    { label: 'WebSocket frames per handshake', ...byTarget(results, (r) => r.framesPerHandshake), digits: 1 },
    { label: `server RSS per connection, KB (${n} users)`, ...rss, digits: 1 },
    { label: 'errors', ...byTarget(results, (r) => r.errors), digits: 0 },
  );
  const table: Table = { title: `Signaling load, ${n} users`, columns: COLUMNS, rows };

  const rounds = results.map((r) => [
    r.target,
    ...r.full.map((w) => `${fmt(w.result.perSecond, 0)}/s, ${fmt(w.cpuMsPerHandshake, 3)} ms, ELU ${fmt(w.result.elu, 2)}`),
  ]);
  const errors = results.filter((r) => r.errorSamples.length).map((r) => `- ${r.target}: ${r.errorSamples.slice(0, 5).join('; ')}`);
  const markdown = [
    '## Signaling load',
    '',
    header,
    '',
    markdownTable(table),
    '',
    `Windows: light ${options.lightSeconds} s (${options.lightPairs} pairs, ${options.lightPauseMs} ms apart); full ${options.fullSeconds} s after ${options.warmupSeconds} s warm-up, ${options.rounds} round(s) per server taken in turns; equal load ${options.equalSeconds} s at ${Math.round(options.equalShare * 100)} % of the slowest server's full-load rate. Connections opened ${options.connectConcurrency} at a time.`,
    '',
    'Full-load rounds (handshakes/s, server CPU per handshake, generator event-loop utilisation):',
    '',
    markdownGrid(['server', ...results[0].full.map((_, i) => `round ${i + 1}`)], rounds),
    '',
    ...(errors.length ? ['Errors seen:', '', ...errors, ''] : []),
    'Processes:',
    '',
    ...commands.map((c) => `- \`${c}\``),
    ...results.filter((r) => r.profile).flatMap((r) => ['', profileMarkdown(r.target, r.profile!.file, r.profile!.summary)]),
  ].join('\n');
  return { tables: [table], markdown };
}

export function browserSection(results: SetupResult[], browserVersion: string, calls: number, header: string): Section {
  const get = (variant: Variant) => results.find((r) => r.variant === variant);
  const q = (variant: Variant, p: number, side: 'both' | 'caller' | 'callee' | 'shown' = 'both') => {
    const samples = get(variant)?.samples.map((s) => s[side]).filter((v): v is number => v !== undefined) ?? [];
    return samples.length ? quantile(samples, p) : undefined;
  };
  const row = (label: string, p: number, side: 'both' | 'caller' | 'callee' = 'both'): Row => ({
    label,
    ours: q('roulette', p, side),
    peerjs: q('peerjs', p, side),
    floor: q('floor', p, side),
    digits: 0,
  });
  const medianRow = row('accept → frames on both sides, median ms', 0.5);
  const ours = medianRow.ours;
  medianRow.target = '≤ 1.5× floor and < PeerJS';
  if (ours !== undefined && medianRow.floor !== undefined && medianRow.peerjs !== undefined) {
    medianRow.met = ours <= 1.5 * medianRow.floor && ours < medianRow.peerjs;
  }
  const failures = (variant: Variant) => get(variant)?.failures.filter((f) => !f.startsWith('console:')).length;
  const rows: Row[] = [
    medianRow,
    row('accept → frames on both sides, p90 ms', 0.9),
    row('… caller side, median ms', 0.5, 'caller'),
    row('… callee side, median ms', 0.5, 'callee'),
    { label: 'floor with getUserMedia defaults (640×480), median ms', floor: q('floor-vga', 0.5), digits: 0 },
    { label: 'roulette-call shows frames (its receiving attribute), median ms', ours: q('roulette', 0.5, 'shown'), digits: 0 },
    { label: 'failed calls', ours: failures('roulette'), peerjs: failures('peerjs'), floor: failures('floor'), digits: 0 },
  ];
  const table: Table = { title: `Call setup, ${calls} calls each`, columns: ['Roulette', 'PeerJS client', 'floor (1 page)'], rows };
  const samples = results.map((r) => [r.variant, r.samples.map((s) => fmt(s.both, 0)).join(', ') || '—']);
  const problems = results.flatMap((r) => [...new Set(r.failures)].slice(0, 5).map((f) => `- ${r.variant}: ${f.slice(0, 300)}`));
  const markdown = [
    '## Call setup in a real browser',
    '',
    `${header} Browser: ${browserVersion}, headless, fake devices.`,
    '',
    markdownTable(table),
    '',
    'Every call, accept → frames on both sides (ms):',
    '',
    markdownGrid(['variant', 'samples'], samples),
    ...(problems.length ? ['', 'Failures and console messages:', '', ...problems] : []),
  ].join('\n');
  return { tables: [table], markdown };
}

export function qoeSection(
  results: QoeResult[],
  browserVersion: string,
  seconds: number,
  header: string,
  pageCpu: PageCpu[] = [],
  pageCpuError?: string,
): Section {
  const summaries = new Map(results.map((r) => [r.variant, summarize(r)]));
  const pick = (value: (s: QoeSummary) => number) => {
    const of = (variant: QoeVariant) => {
      const summary = summaries.get(variant);
      return summary ? value(summary) : undefined;
    };
    return { ours: of('roulette'), floor: of('floor') };
  };
  const both = <T>(v: { ours?: T; floor?: T }): v is { ours: T; floor: T } => v.ours !== undefined && v.floor !== undefined;
  const none = (label: string, value: (s: QoeSummary) => number): Row => {
    const v = pick(value);
    return { label, ...v, digits: 0, target: '0', met: v.ours === undefined ? undefined : v.ours === 0 };
  };
  const concealment = pick((s) => s.concealment * 100);
  const fps = pick((s) => s.decodedFps);
  const failures = (variant: QoeVariant) => {
    const r = results.find((result) => result.variant === variant);
    return r?.failures.filter((f) => !f.startsWith('console:')).length;
  };
  const rows: Row[] = [
    none('video element reloads (emptied/abort/loadstart, 4 videos)', (s) => s.reloads),
    none('video freezes (inbound-rtp freezeCount, both sides)', (s) => s.freezes),
    { label: 'total freeze time, s', ...pick((s) => s.freezeSeconds), digits: 2 },
    {
      label: 'audio concealed, % of samples received',
      ...concealment,
      digits: 2,
      target: '≤ 1.1× floor',
      met: both(concealment) ? concealment.ours <= 1.1 * concealment.floor : undefined,
    },
    { label: '… concealment events (both sides)', ...pick((s) => s.concealmentEvents), digits: 0 },
    {
      label: 'frames decoded per second (mean of both sides)',
      ...fps,
      target: '≥ floor / 1.1',
      met: both(fps) ? fps.ours * 1.1 >= fps.floor : undefined,
    },
    { label: "camera's rate, frames per second (media-source)", ...pick((s) => s.cameraFps) },
    { label: 'frames sent per second', ...pick((s) => s.sentFps) },
    { label: "decoded / far camera's rate (lower side)", ...pick((s) => s.decodedOverCamera), digits: 3 },
    { label: 'remote playback advanced / wall time (lower side)', ...pick((s) => s.playbackOverWall), digits: 3 },
    { label: 'audio played out / wall time (lower side)', ...pick((s) => s.audioOverWall), digits: 3 },
    { label: 'received frame height at the end, px (lower side)', ...pick((s) => s.frameHeight), digits: 0 },
    { label: 'frames dropped before display (both sides)', ...pick((s) => s.droppedFrames), digits: 0 },
    { label: 'failed attempts (a call is tried up to 3 times)', ours: failures('roulette'), floor: failures('floor'), digits: 0 },
  ];
  const table: Table = { title: `Quality of experience, one ${seconds} s call`, columns: ['Roulette', '—', 'floor (1 page)'], rows };
  const sideRows = results.flatMap((r) =>
    r.sides.map((side, i) => [
      `${r.variant}, ${i === 0 ? 'caller' : 'callee'}`,
      `${side.reloads.remote} / ${side.reloads.local} / ${side.reloads.replaced}`,
      `${side.freezes} (${fmt(side.freezeSeconds, 2)} s)`,
      fmt((side.concealedSamples / side.samplesReceived) * 100, 2),
      fmt(side.decodedFps, 1),
      fmt(side.cameraFps, 1) + (side.cameraSettingsFps ? ` (${side.cameraSettingsFps})` : ''),
      `${side.frameWidth}×${side.frameHeight}`,
      `${fmt(side.played, 1)} s in ${fmt(side.wall, 1)} s`,
      fmt(side.zeroWidthShare * 100, 0),
    ]),
  );
  const problems = results.flatMap((r) => [...new Set(r.failures)].slice(0, 5).map((f) => `- ${r.variant}: ${f.slice(0, 300)}`));
  const markdown = [
    '## Quality of experience in a call',
    '',
    `${header} Browser: ${browserVersion}, headless, fake devices. Each call watched for ${seconds} s, starting ${SETTLE_MS / 1000} s after both sides decoded their first frame.`,
    '',
    markdownTable(table),
    '',
    'Each side (reloads: remote / local events / elements replaced; camera: media-source frames per second, and the track setting):',
    '',
    markdownGrid(
      ['side', 'reloads', 'freezes', 'concealed %', 'decoded fps', 'camera fps', 'received', 'playback', 'no-picture ticks %'],
      sideRows,
    ),
    ...(problems.length ? ['', 'Failures and console messages:', '', ...problems] : []),
    '',
    ...pageCpuMarkdown(pageCpu, seconds, pageCpuError),
  ].join('\n');
  return { tables: [table, ...pageCpuTables(pageCpu, seconds)], markdown };
}

export function bundleSection(sizes: { ours: BundleSize; peerjs: BundleSize }, screens: Milestone[], header: string): Section {
  const kb = (bytes: number) => bytes / 1024;
  const gzipOk = sizes.ours.gzip <= 25 * 1024;
  const table: Table = {
    title: 'Bundle size, KB',
    columns: ['roulette.js', 'peerjs.min.js', '—'],
    rows: [
      { label: 'minified', ours: kb(sizes.ours.minified), peerjs: kb(sizes.peerjs.minified) },
      {
        label: 'gzip -9',
        ours: kb(sizes.ours.gzip),
        peerjs: kb(sizes.peerjs.gzip),
        target: '≤ 25 KB',
        met: gzipOk,
      },
      { label: 'brotli -q 11', ours: kb(sizes.ours.brotli), peerjs: kb(sizes.peerjs.brotli) },
    ],
  };
  // PeerJS is one file, all of it needed before anything: its brotli size
  // plus the ~300 B of response headers ours are counted with.
  const screenRows = screens.flatMap((m) => [
    { label: `before ${m.label}: KB on the wire`, ours: kb(m.wire), peerjs: kb(sizes.peerjs.brotli + 300) },
    { label: `before ${m.label}: KB uncompressed`, ours: kb(m.decoded), peerjs: kb(sizes.peerjs.minified) },
    { label: `before ${m.label}: requests`, ours: m.requests, peerjs: 1, digits: 0 },
  ]);
  const screensTable: Table = { title: 'Bytes before each screen', columns: ['ours, served', 'peerjs.min.js', '—'], rows: screenRows };
  const markdown = [
    '## Bundle size',
    '',
    `${header} \`${sizes.ours.file}\` (served at \`/roulette.js\` as the build's brotli or gzip copy, by Accept-Encoding: lit, @lit/context and socket.io-client inside) beside \`${sizes.peerjs.file}\` (PeerJS's browser bundle; it needs no other library). Bytes: ours ${sizes.ours.minified} / ${sizes.ours.gzip} / ${sizes.ours.brotli}, PeerJS ${sizes.peerjs.minified} / ${sizes.peerjs.gzip} / ${sizes.peerjs.brotli} (minified / gzip / brotli).`,
    '',
    markdownTable(table),
    '',
    'What a page downloads from our server before each screen (`bench/first-screen.ts`: bench/browser/roulette.html in headless Chromium, every response from our server read through the DevTools protocol; on the wire = compressed bodies and headers, as our server sends them; uncompressed = the same files as a server without compression sends them). The login needs only `roulette.js`; the lobby and the call view arrive as chunks after the first paint.',
    '',
    markdownTable(screensTable),
  ].join('\n');
  return { tables: [table, screensTable], markdown };
}

export function memorySection(results: MemoryResult[], header: string): Section {
  const users = results[0]?.users ?? 0;
  const rss = byTarget(results, (r) => r.rssPerConnectionKB);
  const table: Table = {
    title: `Memory, ${users} idle users`,
    columns: COLUMNS,
    rows: [
      { label: `connect ${users} users, ms`, ...byTarget(results, (r) => r.connectMs), digits: 0 },
      { label: 'server RSS before, MB', ...byTarget(results, (r) => r.baseRssMB) },
      { label: `server RSS with ${users} users, MB`, ...byTarget(results, (r) => r.rssMB) },
      {
        label: 'RSS per connection, KB',
        ...rss,
        target: '≤ 1.00× socket.io floor',
        met: rss.ours !== undefined && rss.sio !== undefined ? rss.ours <= rss.sio : undefined,
      },
      { label: 'JS heap per connection, KB', ...byTarget(results, (r) => r.heapPerConnectionKB) },
    ],
  };
  return { tables: [table], markdown: ['## Memory at scale', '', header, '', markdownTable(table)].join('\n') };
}

export function soakSection(result: SoakResult, header: string): Section {
  const growth = result.heapAtEndMB - result.heapAfterWarmupMB;
  const flat = growth < Math.max(2, result.heapAfterWarmupMB * 0.1);
  const table: Table = {
    title: `Soak, ${result.users} users, ${result.minutes} min`,
    columns: ['Roulette', '', ''],
    single: true,
    rows: [
      { label: 'handshakes completed', ours: result.handshakes, digits: 0 },
      { label: 'errors', ours: result.errors, digits: 0, target: '0', met: result.errors === 0 },
      { label: 'JS heap after GC, end of warm-up, MB', ours: result.heapAfterWarmupMB },
      {
        label: 'JS heap after GC, end, MB',
        ours: result.heapAtEndMB,
        target: 'no growth after warm-up',
        met: flat,
      },
      { label: 'RSS, end of warm-up → end, MB', ours: result.rssAtEndMB - result.rssAfterWarmupMB },
      { label: 'RSS slope after warm-up, MB/min', ours: result.rssSlopeMBPerMinute, digits: 2 },
    ],
  };
  const samples = result.samples.map((s) => [
    fmt(s.minute, 1),
    fmt(s.rssMB, 1),
    fmt(s.heapMB, 1),
    fmt(s.handshakesPerSecond, 0),
    fmt(s.latencyP99Ms, 1),
    String(s.errors),
  ]);
  const markdown = [
    '## Soak',
    '',
    `${header} ${result.users} users in pairs, each pair pausing ${result.pauseMs} ms between calls.`,
    '',
    markdownTable(table),
    '',
    markdownGrid(['minute', 'RSS MB', 'heap MB', 'handshakes/s', 'relay p99 ms', 'errors'], samples),
    ...(result.errorSamples.length ? ['', `Errors: ${result.errorSamples.join('; ')}`] : []),
  ].join('\n');
  return { tables: [table], markdown };
}

export function clusterSection(result: ClusterResult, options: ClusterOptions, header: string): Section {
  const at = (adapter: Adapter, processes: number) => result.points.find((p) => p.adapter === adapter && p.processes === processes);
  const smallest = Math.min(...options.processes);
  const largest = Math.max(...options.processes);
  const growth = (adapter: Adapter, from = smallest) => {
    const [one, many] = [at(adapter, from), at(adapter, largest)];
    return one && many ? many.cpuMsPerHandshake / one.cpuMsPerHandshake : undefined;
  };
  // The smallest cluster where relays cross processes: growth from there is the adapter's alone.
  const crossing = options.processes.filter((n) => n > 1 && n < largest)[0];
  const rows: Row[] = result.points.map((p) => ({
    label: `${p.adapter}, ${p.processes} process${p.processes > 1 ? 'es' : ''}: CPU ms per handshake`,
    ours: p.cpuMsPerHandshake,
    digits: 2,
  }));
  for (const adapter of ADAPTERS) {
    const g = growth(adapter);
    rows.push({
      label: `${adapter}: ${largest} processes / ${smallest}`,
      ours: g,
      digits: 2,
      ...(adapter === 'sharded' ? { target: '≤ 1.20×', met: g === undefined ? undefined : g <= 1.2 } : {}),
    });
  }
  if (crossing !== undefined) {
    for (const adapter of ADAPTERS) rows.push({ label: `${adapter}: ${largest} processes / ${crossing}`, ours: growth(adapter, crossing), digits: 2 });
  }
  const tables: Table[] = [{ title: `Cluster, ${options.users} users`, columns: ['Roulette', '', ''], single: true, rows }];
  const deploy = result.deploy;
  if (deploy) {
    tables.push({
      title: `Rolling deploy, ${deploy.processes} processes`,
      columns: ['Roulette', '', ''],
      single: true,
      rows: [
        { label: 'calls dropped', ours: deploy.callsDropped, digits: 0, target: '0', met: deploy.callsDropped === 0 },
        { label: 'names lost', ours: deploy.namesLost.length, digits: 0, target: '0', met: deploy.namesLost.length === 0 },
        { label: 'resume time, median ms', ours: deploy.resumeMedianMs, digits: 0 },
        { label: 'resume time, max ms', ours: deploy.resumeMaxMs, digits: 0 },
      ],
    });
  }
  const grid = options.processes.map((n) => {
    const [c, s] = [at('classic', n), at('sharded', n)];
    const cell = (p: ClusterPoint | undefined) =>
      p ? `${fmt(p.cpuMsPerHandshake, 2)} (${fmt(p.serversCpuMs / p.handshakes, 2)} + ${fmt(p.redisCpuMs / p.handshakes, 2)})` : '—';
    const rate = (p: ClusterPoint | undefined) => (p ? `${fmt(p.handshakes / p.seconds, 0)}/s, p99 ${fmt(p.p99Ms, 1)} ms, ${p.errors} errors` : '—');
    return [String(n), cell(c), cell(s), rate(c), rate(s)];
  });
  const samples = result.points.flatMap((p) => p.errorSamples.map((e) => `${p.adapter}/${p.processes}: ${e}`));
  const markdown = [
    '## Cluster',
    '',
    `${header} ${options.users} users, round robin over the processes (with two or more, every pair spans two), each pair starting a handshake every ${options.periodMs / 1000} s; ${options.warmupSeconds} s warm-up, then a ${options.seconds} s window. CPU is utime + stime from \`/proc/<pid>/stat\` of every server process and of \`redis-server\`, divided by the handshakes completed in the window. Each size runs both adapters back to back, each with a fresh redis-server.`,
    '',
    markdownTable(tables[0]),
    '',
    markdownGrid(
      ['processes', 'classic: CPU ms/handshake (servers + redis)', 'sharded: CPU ms/handshake (servers + redis)', 'classic: rate', 'sharded: rate'],
      grid,
    ),
    ...(samples.length ? ['', `Errors: ${samples.slice(0, 6).join('; ')}`] : []),
    ...(deploy
      ? [
          '',
          `### Rolling deploy`,
          '',
          `\`server/test/deploy.ts\`, as \`server/test/rolling-deploy.test.ts\` runs it: ${deploy.processes} processes (\`npm start\`) behind Debian's nginx with \`deploy/nginx/roulette.conf\`, ${deploy.people} people through nginx (calls, ringing requests, idle); each process in turn gets SIGTERM and is started again on its port, the next as soon as everybody is back. Resume time: from the client's disconnect to the ack of its resuming \`CONNECT\`. ${deploy.moves} moves; whole deploy ${fmt(deploy.deployMs / 1000, 1)} s.`,
          '',
          markdownTable(tables[1]),
          ...(deploy.endings.length ? ['', `Endings seen: ${deploy.endings.join('; ')}`] : []),
          ...(deploy.namesLost.length ? ['', `Lost: ${deploy.namesLost.join('; ')}`] : []),
        ]
      : []),
  ].join('\n');
  return { tables, markdown };
}

/** The page's own CPU during a held call: ours beside the two-page floor (as many renderer processes) and the one-page floor. */
function pageCpuTables(pageCpu: PageCpu[], seconds: number): Table[] {
  const of = (variant: PageCpu['variant']) => pageCpu.find((p) => p.variant === variant);
  const [ours, floor2, floor1] = [of('roulette'), of('floor-2'), of('floor')];
  if (!ours || !floor2) return [];
  const renderer = { ours: ours.rendererCpu * 1000, floor: floor2.rendererCpu * 1000 };
  return [
    {
      title: `Page CPU during a ${seconds} s call, ms per s`,
      columns: ['Roulette (2 pages)', '—', 'floor (2 pages)'],
      rows: [
        { label: 'renderer processes, CPU (all threads)', ...renderer, digits: 0, target: '≤ 1.10× floor', met: renderer.ours <= 1.1 * renderer.floor },
        { label: '… the one-page floor (both peer connections in one renderer)', ours: undefined, floor: (floor1?.rendererCpu ?? NaN) * 1000, digits: 0 },
        { label: 'main threads busy (wall time of tasks)', ours: ours.mainThread * 1000, floor: floor2.mainThread * 1000, digits: 1 },
        { label: '… of which script', ours: ours.script * 1000, floor: floor2.script * 1000, digits: 1 },
        { label: '… of which style and layout', ours: ours.styleLayout * 1000, floor: floor2.styleLayout * 1000, digits: 1 },
      ],
    },
  ];
}

function pageCpuMarkdown(pageCpu: PageCpu[], seconds: number, error?: string): string[] {
  const tables = pageCpuTables(pageCpu, seconds);
  if (!tables.length) return [`Page CPU: not measured${error ? ` (${error.slice(0, 200)})` : ''}.`];
  return [
    `Page CPU (\`bench/page-cpu.ts\`): the call held for ${seconds} s, each variant alone in the browser, after a 3 s settle: every renderer process's CPU time (DevTools protocol \`SystemInfo.getProcessInfo\`: media encoding and decoding included) and the pages' main-thread task time (\`Performance.getMetrics\`). The floor shows the same four videos with nothing else; the two-page floor relays its offer, answer and candidates through the bench, so it has as many renderer processes as our call.`,
    '',
    markdownTable(tables[0]),
  ];
}

export function backgroundSection(results: BackgroundResult[], browserVersion: string, seconds: number, header: string): Section {
  const of = (width: number, blur: boolean) => results.find((r) => r.width === width && r.blur === blur);
  const rows: Row[] = BACKGROUND_SIZES.flatMap(([width, height]) => {
    const on = of(width, true);
    const off = of(width, false);
    const row = (label: string, value: (r: BackgroundResult) => number | undefined, digits = 2): Row => ({
      label: `${width}×${height}: ${label}`,
      ours: on && value(on),
      floor: off && value(off),
      digits,
    });
    return [
      { ...row('frames sent per second', (r) => r.sentFps, 1), target: '≥ 0.9× blur off', met: on?.sentFps !== undefined && off?.sentFps !== undefined ? on.sentFps >= 0.9 * off.sentFps : undefined },
      row("caller page's main thread, CPU s per s", (r) => r.mainThread),
      row('whole browser (both pages, all processes), CPU s per s', (r) => r.browserCpu),
      row('received frame height at the end, px', (r) => r.receivedHeight, 0),
    ];
  });
  const table: Table = { title: `Background blur, one ${seconds} s call per column and size`, columns: ['blur on', '—', 'blur off'], rows };
  const calls = results.map((r) => [
    `${r.width}×${r.height}, blur ${r.blur ? 'on' : 'off'}`,
    fmt(r.sentFps, 1),
    fmt(r.mainThread, 3),
    fmt(r.browserCpu, 3),
    r.sentSize ?? '—',
    r.notice ?? '',
    r.cameraOff ? 'yes' : 'no',
  ]);
  const problems = results.flatMap((r) => [...new Set(r.failures)].filter((f) => !f.startsWith('console:')).slice(0, 3).map((f) => `- ${r.width}×${r.height} blur ${r.blur ? 'on' : 'off'}: ${f.slice(0, 300)}`));
  const markdown = [
    '## Background effects: what blur costs',
    '',
    `${header} Browser: ${browserVersion}, headless, fake devices, no GPU (the model runs on the CPU, XNNPACK). For each camera size, a call with blur off and one with blur on (turned on by the caller once the call is up), each measured for ${seconds} s, 3 s after it started.`,
    '',
    markdownTable(table),
    '',
    markdownGrid(['call', 'sent fps', 'caller main thread s/s', 'browser CPU s/s', 'sent size', 'notice', 'camera turned off'], calls),
    '',
    "Processing size. The model's input is fixed (256×144, the \"landscape\" selfie model made for calls) and it runs at most half of the main thread's time, on the latest frame; what grows with the size is drawing each frame (blurred copy, mask, cut-out, composite) and reading it back into a video frame. A computer starts at the camera's size up to 1280×720; a phone (coarse pointer, no hover) starts at 640×360: we assume a mid-range phone (4+4 cores of the Cortex-A55/A7x kind, a GPU-backed canvas) runs the model in 15–30 ms and draws 640×360 in a few ms, so it holds 30 frames a second with the encoder beside it, while 1280×720 would double the drawing and its encoder's load for a picture most people see small. The keep-up policy checks every 2 s: fewer than 85 % of the camera's frames sent, or fewer than 4 masks a second, twice in a row → the next smaller size (640×360, then 320×180); still short at 320×180 → camera off and a notice. Here there is no GPU (software canvas, model on the CPU) and the machine is shared: a call that stepped down or gave up says so in the last columns.",
    ...(problems.length ? ['', 'Problems seen:', '', ...problems] : []),
  ].join('\n');
  return { tables: [table], markdown };
}
