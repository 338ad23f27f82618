// Checks the import graph of server/, components/ and protocol/ (`npm run
// check:imports`, part of `npm test`):
//   - no import cycle, type-only imports included;
//   - components/ never imports server/, and server/ never imports components/:
//     the two sides meet only in protocol/, the wire contract's home;
//   - server/ imports protocol/ only through protocol/index.ts;
//   - the server's wings keep their layers (WINGS below): the protocol's
//     rules never reach the socket edge or HTTP, the store knows no rules;
//   - nothing but a test imports a test wing (a test/ folder): test kits
//     never become part of what ships;
//   - shims/ stand in for socket.io-client's parts and import nothing of ours.
// Plain Node, no dependency: relative specifiers are read from the source
// text (comment lines skipped) and resolved the way TypeScript's NodeNext
// resolution does for this repo (`./x.js` is `./x.ts`).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['server', 'components', 'protocol', 'shims'];

function sources(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sources(path));
    else if (/\.(ts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
];

function specifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set();
  for (const pattern of SPECIFIERS) for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

const top = (path) => relative(root, path).split(/[\\/]/)[0];
const parts = (path) => relative(root, path).split(/[\\/]/);
/** The wing of a server file (`rules`, `signaling`, …), or null at the root. */
const wing = (path) => (top(path) === 'server' && parts(path).length > 2 ? parts(path)[1] : null);
const inTestWing = (path) => parts(path).includes('test');
const isTest = (path) => inTestWing(path) || /\.test\.ts$/.test(path);
// Which wings each server wing may not import: the rules are store
// transactions with no socket, HTTP or process in sight; identity and the
// store stand below everything that uses them.
const WINGS = {
  rules: ['signaling', 'http', 'cluster'],
  identity: ['rules', 'signaling', 'http', 'cluster', 'store'],
  store: ['rules', 'signaling', 'http', 'identity', 'cluster'],
  signaling: ['http'],
};
const graph = new Map();
const problems = [];

for (const file of DIRS.flatMap((dir) => sources(join(root, dir)))) {
  const edges = [];
  for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
    const target = resolveImport(file, specifier);
    if (!target) continue;
    edges.push(target);
    const [here, there] = [top(file), top(target)];
    const where = `${relative(root, file)} imports ${specifier}`;
    if ((here === 'components' && there === 'server') || (here === 'server' && there === 'components')) {
      problems.push(`${where}: ${here}/ and ${there}/ meet only in protocol/`);
    }
    if (here === 'server' && there === 'protocol' && relative(root, target) !== join('protocol', 'index.ts')) {
      problems.push(`${where}: the server imports the contract through protocol/index.js`);
    }
    if (WINGS[wing(file)]?.includes(wing(target))) {
      problems.push(`${where}: server/${wing(file)}/ never imports server/${wing(target)}/`);
    }
    if (inTestWing(target) && !isTest(file)) {
      problems.push(`${where}: only tests import from a test wing`);
    }
    if (here === 'shims' && there !== 'shims' && !(isTest(file) && inTestWing(target))) {
      problems.push(`${where}: shims/ imports nothing of ours`);
    }
  }
  graph.set(file, edges);
}

// Depth-first search; a back edge to a file still on the stack closes a cycle.
const state = new Map();
const stack = [];
const cycles = new Set();
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next)).map((path) => relative(root, path));
      cycles.add([...cycle, cycle[0]].join(' -> '));
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);
for (const cycle of cycles) problems.push(`import cycle: ${cycle}`);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
const edges = [...graph.values()].reduce((sum, list) => sum + list.length, 0);
console.log(`imports ok: ${graph.size} files, ${edges} relative imports, no cycle, no server/components crossing, wings in their layers, test wings imported by tests only`);
