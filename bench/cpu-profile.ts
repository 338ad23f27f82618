// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and says where the
// busy time went: top functions by self time, and the same time grouped by
// the layer it belongs to (socket plumbing, ws, engine.io, JSON, GC, ours…).
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  busyMs: number;
  top: { name: string; where: string; layer: string; ms: number; share: number }[];
  layers: { layer: string; ms: number; share: number }[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The layer a function belongs to, from its file. */
function layerOf(name: string, url: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === 'writev' || name === 'writeBuffer' || name === 'writeUtf8String' || name === 'writeLatin1String') return 'socket writes (libuv)';
  if (name === 'stringify' || name === 'parse') return url ? 'other' : 'JSON';
  if (!url) return name.startsWith('(') ? name : 'native/builtin';
  if (url.includes('/server/')) return 'roulette server code';
  // Before engine.io: engine.io carries its own copy of ws.
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('/node_modules/debug/')) return 'debug (disabled, still called)';
  if (url.includes('/node_modules/socket.io-parser/')) return 'socket.io-parser';
  if (url.includes('/node_modules/socket.io-adapter/')) return 'socket.io-adapter';
  if (url.includes('/node_modules/socket.io/')) return 'socket.io';
  if (url.includes('/node_modules/engine.io/')) return 'engine.io';
  if (url.includes('/node_modules/engine.io-parser/')) return 'engine.io-parser';
  if (url.includes('/node_modules/peer/')) return 'peer (PeerJS server)';
  if (url.includes('/node_modules/express/') || url.includes('/node_modules/router/')) return 'express';
  if (url.includes('/node_modules/')) return 'other packages';
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:internal/streams') || url.startsWith('node:stream')) return 'node streams';
  if (url.startsWith('node:internal/stream_base_commons') || url.startsWith('node:net')) return 'node net';
  if (url.startsWith('node:events') || url.startsWith('node:internal/events')) return 'node events';
  if (url.startsWith('node:internal/process/task_queues') || url.startsWith('node:internal/timers') || url.startsWith('node:timers')) return 'node ticks/timers';
  if (url.startsWith('node:')) return 'node other';
  return 'other';
}

export async function summarizeProfile(file: string, topN = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time between sample i-1 and sample i: charge it to sample i-1.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i + 1]);
  }
  const functions = new Map<string, { name: string; where: string; layer: string; us: number }>();
  const layers = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    if (IDLE.has(name)) continue;
    busyUs += us;
    const where = url ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(server|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const layer = layerOf(name, url);
    const entry = functions.get(key) ?? { name, where, layer, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
  }
  const share = (us: number) => us / busyUs;
  return {
    busyMs: busyUs / 1000,
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((f) => ({ name: f.name, where: f.where, layer: f.layer, ms: f.us / 1000, share: share(f.us) })),
    layers: [...layers]
      .sort((a, b) => b[1] - a[1])
      .map(([layer, us]) => ({ layer, ms: us / 1000, share: share(us) })),
  };
}
