// Prints the size of the CDN bundle: minified, gzip and brotli bytes.
// Budget: 30 KB gzipped with everything inside (issue 3).
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const file = new URL('../dist/roulette.js', import.meta.url);
const BUDGET_GZIP = 30 * 1024;

let code;
try {
  code = await readFile(file);
} catch {
  console.error('dist/roulette.js is missing: run `npm run build` first.');
  process.exit(1);
}
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log(`dist/roulette.js  minified ${code.length} B (${kb(code.length)})`);
console.log(`                  gzip     ${gzip} B (${kb(gzip)})  budget ${kb(BUDGET_GZIP)}`);
console.log(`                  brotli   ${brotli} B (${kb(brotli)})`);
if (gzip > BUDGET_GZIP) {
  console.error(`Over budget by ${gzip - BUDGET_GZIP} B gzipped.`);
  process.exit(1);
}
