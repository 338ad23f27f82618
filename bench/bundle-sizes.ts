// Part 3: what a page downloads. Our bundle as the server serves it at
// /roulette.js with the chunks it imports statically — the core, what the
// 30 KB budget is about; the lazy chunks (call view, lobby, devices) come
// after it, see `npm run size` — (the files in dist/, sent unchanged) beside PeerJS's
// minified browser bundle; gzip -9 and brotli -q 11, as a CDN would.
import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './children.js';

export interface BundleSize {
  file: string;
  minified: number;
  gzip: number;
  brotli: number;
}

export const OURS = 'dist/roulette.js';
export const PEERJS = 'node_modules/peerjs/dist/peerjs.min.js';

async function sizeOf(file: string): Promise<BundleSize> {
  const code = await readFile(join(ROOT, file));
  return {
    file,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The newest .ts file below `dir` (tests aside); 0 when there is no such folder. */
async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds dist/roulette.js when it is missing or older than its sources. */
export async function ensureBuilt(progress: (line: string) => void): Promise<void> {
  const built = await stat(join(ROOT, OURS)).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(
    await newestSource('components'),
    await newestSource('protocol'),
    (await stat(join(ROOT, 'rollup.config.mjs'))).mtimeMs,
  );
  if (built >= sources) return;
  progress(built ? 'dist/roulette.js is older than its sources: npm run build' : 'dist/roulette.js is missing: npm run build');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    // Sources mid-edit may not build: measure the last good bundle, if there is one.
    if (!built) throw error;
    progress('the build failed: measuring the existing dist/roulette.js');
  }
}

/** dist/roulette.js and the chunks it imports statically, each compressed on its own (as served). */
async function sizeOfOurs(): Promise<BundleSize> {
  const entry = await readFile(join(ROOT, OURS), 'utf8');
  const lazy = new Set([...entry.matchAll(/import\(\s*["']\.\/([^"']+)["']\s*\)/g)].map((m) => m[1]));
  const chunks = [...entry.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]).filter((f) => !lazy.has(f));
  const total: BundleSize = { ...(await sizeOf(OURS)) };
  for (const chunk of chunks) {
    const size = await sizeOf(`dist/${chunk}`);
    total.minified += size.minified;
    total.gzip += size.gzip;
    total.brotli += size.brotli;
  }
  if (chunks.length) total.file = `${OURS} + ${chunks.length} core chunks`;
  return total;
}

export async function measureBundles(): Promise<{ ours: BundleSize; peerjs: BundleSize }> {
  return { ours: await sizeOfOurs(), peerjs: await sizeOf(PEERJS) };
}
