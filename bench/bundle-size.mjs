// Prints the size of the CDN bundle: minified, gzip and brotli bytes of the
// core (dist/roulette.js and the chunks it imports statically: what a page
// loads before the login shows) and of each lazy chunk it loads by import().
// Budget: the core within 26.5 KB gzipped (issue 3, issue 11: 30 KB; issue
// 24: the lobby and the call view left the core, 26 KB; the stranger mode's
// search that carries on after a call and the saved background choice
// added 0.3 KB; the aim is 25 KB: call.ts and peer-session.ts could load
// with the call view).
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const BUDGET_GZIP = 26.5 * 1024;

const read = (name) => readFile(new URL(name, dist));
const sizes = (code) => ({
  min: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const line = (name, s) =>
  console.log(`${name.padEnd(34)} minified ${String(s.min).padStart(6)} B  gzip ${String(s.gzip).padStart(6)} B (${kb(s.gzip)})  brotli ${String(s.brotli).padStart(6)} B`);

/** The chunks a module imports: `import … from "./x.js"` (static) and `import("./x.js")` (lazy). */
function imports(code) {
  const text = code.toString();
  const lazy = [...text.matchAll(/import\(\s*["']\.\/([^"']+)["']\s*\)/g)].map((m) => m[1]);
  const all = [...text.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]);
  return { statics: all.filter((f) => !lazy.includes(f)), lazy };
}

let entry;
try {
  entry = await read('roulette.js');
} catch {
  console.error('dist/roulette.js is missing: run `npm run build` first.');
  process.exit(1);
}

// The core: the entry and everything it imports statically, transitively.
const core = new Map([['roulette.js', entry]]);
const lazy = new Set();
for (const [, code] of core) {
  const found = imports(code);
  for (const name of found.statics) if (!core.has(name)) core.set(name, await read(name));
  for (const name of found.lazy) lazy.add(name);
}
const total = { min: 0, gzip: 0, brotli: 0 };
console.log('core (loaded before anything shows):');
for (const [name, code] of core) {
  const s = sizes(code);
  line(`  dist/${name}`, s);
  for (const k of Object.keys(total)) total[k] += s[k];
}
line('  core total', total);
console.log(`  budget ${kb(BUDGET_GZIP)} gzipped: ${BUDGET_GZIP - total.gzip} B left`);
console.log('lazy chunks (import(), fetched after the core elements are defined, or on first use):');
// And what those import in turn (the call view's picture-in-picture window).
for (const name of lazy) {
  if (core.has(name)) continue;
  const found = imports(await read(name));
  for (const next of [...found.statics, ...found.lazy]) if (!core.has(next)) lazy.add(next);
}
for (const name of [...lazy].filter((n) => !core.has(n))) line(`  dist/${name}`, sizes(await read(name)));
if (total.gzip > BUDGET_GZIP) {
  console.error(`Core over budget by ${total.gzip - BUDGET_GZIP} B gzipped.`);
  process.exit(1);
}
