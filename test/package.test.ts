// The published package as a site would use it: `npm pack`, its file list
// against an allow-list, the tarball installed into a fresh project (from the
// npm cache, offline), and there: the `bin` starts a server whose example
// pages load cleanly; `createSignalingServer` on an existing Express app
// beside the app's own routes carries a call; custom-elements.json is valid
// and names shipped files; TypeScript, React and Preact files using every
// documented prop type-check (and misspelled or mistyped ones do not), and a
// bundler resolves the entries; the CDN file, served from node_modules to a
// page under docs/deploy.md's CSP, defines every tag and makes a call in Chromium.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import puppeteer from 'puppeteer-core';
import { io, type Socket } from 'socket.io-client';
import { ROULETTE_EVENTS } from '../components/events.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
/** The versions this checkout uses, so the offline install finds them in the npm cache. */
const versionOf = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Files of a site that uses the package (see the README there). */
const FIXTURES = join(ROOT, 'test', 'package-fixtures');

/**
 * What the tarball may hold: the manifest files, the CDN bundle and its lazy
 * chunks (with their maps), the example pages, and lib/'s compiled modules and
 * declarations. Tests, test wings (a test/ folder) and test kits match none.
 */
const SHIPS: readonly RegExp[] = [
  /^(package\.json|README\.md|LICENSE|custom-elements\.json)$/,
  // Each with its precompressed copies (.br, .gz), which the server sends as they are.
  /^dist\/roulette(-[\w.-]+)?\.js(\.map)?(\.br|\.gz)?$/,
  // The background effect's segmentation runtime and model (rollup.config.mjs segmenterFiles).
  /^dist\/roulette-segmenter\/selfie_segmentation[\w.]*$/,
  /^examples\/[\w-]+\.(html|svg)$/,
  /^lib\/(components|protocol|server)\/([\w.-]+\/)*[\w.-]+\.(js|d\.ts)$/,
];
/** Marks of a test or test kit, which no shipped file's path has. */
const TEST_MARKS = /(^|\/)(test|tests|__tests__)\/|\.test\.|(^|\/)test-[^/]*$|(^|\/)testing\.|\.(ts|js)\.map$/;

interface Manifest {
  schemaVersion: string;
  modules: Array<{ path: string; declarations?: Array<Declaration> }>;
}
interface Declaration {
  name: string;
  tagName?: string;
  attributes?: Array<{ name: string; fieldName?: string; type?: { text: string } }>;
  members?: Array<{ name: string; kind: string; readonly?: boolean }>;
  events?: Array<{ name: string; type?: { text: string } }>;
  slots?: Array<{ name: string }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
}

/** The manifest's public elements (those with a tag), by tag. */
const publicElements = (manifest: Manifest) =>
  new Map(
    manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d): d is Declaration & { tagName: string } => d.tagName !== undefined)
      .map((d) => [d.tagName, { ...d, attributes: d.attributes ?? [], members: d.members ?? [], events: d.events ?? [] }]),
  );

let work: string;
let tarballPath: string;
let project: string;
let skipReason: string | undefined;
const children: ChildProcess[] = [];

function skipIfNeeded(t: TestContext): boolean {
  // Skipped only when the offline install of the tarball cannot work on this
  // machine (its dependencies are not in the npm cache): the reason, set in
  // before(), is printed with the skip.
  if (skipReason) t.skip(skipReason);
  return skipReason !== undefined;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'roulette-package-'));
  if (process.env.ROULETTE_TARBALL) {
    // Iterating on this test: reuse a tarball packed before.
    copyFileSync(process.env.ROULETTE_TARBALL, join(work, basename(process.env.ROULETTE_TARBALL)));
  } else {
    // prepack builds dist/ (rollup) and lib/ (tsc, custom-elements.json).
    await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  }
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  tarballPath = join(work, tarball);
  project = join(work, 'site');
  mkdirSync(project);
  const extras = { '@types/react': versionOf('@types/react'), '@lit/react': versionOf('@lit/react'), preact: versionOf('preact') };
  const site = { name: 'a-site', private: true, type: 'module', dependencies: { [PACKAGE.name]: `file:../${tarball}`, ...extras } };
  writeFileSync(join(project, 'package.json'), JSON.stringify(site, null, 2));
  // A lockfile taken from this checkout's: `npm ci --offline` then needs only
  // tarballs, which `npm ci` here put in the npm cache (a plain install would
  // need the registry's package documents too).
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(siteLockfile(site, tarball), null, 2));
  try {
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    skipReason = `the tarball's dependencies are not all in the npm cache, so it cannot be installed offline (${/ENOTCACHED|ETARGET|E404|EINTEGRITY/.exec(stderr)?.[0] ?? stderr.split('\n')[0]}); run \`npm ci\` online once, then again`;
    console.log(`# skipping the installed-package tests: ${skipReason}\n${stderr}`);
  }
}, { timeout: 600_000 });

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/**
 * The site's lockfile: the tarball, and every package it (and `extras`) needs
 * at the place and version this checkout's package-lock.json has it.
 */
function siteLockfile(site: { name: string; dependencies: Record<string, string> }, tarball: string) {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const root = lock.packages[''];
  const packages: Record<string, LockEntry> = {
    '': { name: site.name, dependencies: site.dependencies },
    [`node_modules/${PACKAGE.name}`]: {
      version: PACKAGE.version,
      resolved: `file:../${tarball}`,
      dependencies: root.dependencies,
      peerDependencies: root.peerDependencies,
      peerDependenciesMeta: root.peerDependenciesMeta,
      bin: root.bin,
      engines: root.engines,
    },
  };
  /** Where Node would find `name` required from the package at `from` (a lock path). */
  const locate = (name: string, from: string): string | undefined => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock.packages[path]) return path;
      if (!base) return undefined;
    }
  };
  const queue: Array<[string, string]> = Object.keys(root.dependencies ?? {}).map((d) => [d, '']);
  for (const name of Object.keys(site.dependencies)) if (name !== PACKAGE.name) queue.push([name, '']);
  while (queue.length) {
    const [name, from] = queue.shift()!;
    const path = locate(name, from);
    if (!path || packages[path]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[path] as LockEntry;
    // This checkout's lock may leave `resolved` out (omit-lockfile-registry-resolved);
    // without it npm would ask the registry where the tarball is.
    const name_ = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!entry.resolved && !entry.link && entry.version) {
      entry.resolved = `https://registry.npmjs.org/${name_}/-/${name_.split('/').pop()}-${entry.version}.tgz`;
    }
    packages[path] = entry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const deps of [entry.dependencies, entry.optionalDependencies]) for (const d of Object.keys(deps ?? {})) queue.push([d, path]);
    for (const d of Object.keys(entry.peerDependencies ?? {})) if (!optionalPeers[d]?.optional) queue.push([d, path]);
  }
  return { name: site.name, lockfileVersion: 3, requires: true, packages };
}

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs `command` in the site project; resolves once `ready` matches its output, with the match. */
async function startChild(command: string, args: string[], ready: RegExp, env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: project,
    // A process group of its own, like a command typed in a terminal: Ctrl-C reaches npx and the server alike.
    detached: true,
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const onData = (chunk: Buffer) => (output += chunk);
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const deadline = Date.now() + 30_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`${command} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, match: ready.exec(output)!, output: () => output };
}

function client(url: string): Socket {
  return io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
}

function ask<T = Record<string, unknown>>(socket: Socket, event: string, payload: object): Promise<T> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

const next = <T = Record<string, unknown>>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));

/** Two people register, one calls, the other accepts, an offer travels: a call through `url`. */
async function signalingCall(url: string): Promise<void> {
  const alice = client(url);
  const bob = client(url);
  try {
    const a = await ask<{ ok: boolean; username: string }>(alice, 'CONNECT', { as: `alice${process.pid}` });
    const b = await ask<{ ok: boolean; username: string }>(bob, 'CONNECT', { as: `bob${process.pid}` });
    assert.equal(a.ok, true);
    assert.equal(b.ok, true);
    const requested = next<{ from: string }>(bob, 'CALL_REQUESTED');
    assert.equal((await ask<{ ok: boolean }>(alice, 'REQUEST_CALL', { to: b.username })).ok, true);
    assert.equal((await requested).from, a.username);
    const accepted = next<{ by: string }>(alice, 'CALL_ACCEPTED');
    assert.equal((await ask<{ ok: boolean }>(bob, 'ACCEPT_CALL', { from: a.username })).ok, true);
    assert.equal((await accepted).by, b.username);
    const offer = next<{ from: string; sdp: { type: string } }>(bob, 'CALLER_DESCRIPTOR_RECEIVED');
    const sdp = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
    assert.equal((await ask<{ ok: boolean }>(alice, 'SEND_CALLER_DESCRIPTOR', { to: b.username, sdp })).ok, true);
    assert.equal((await offer).from, a.username);
  } finally {
    alice.close();
    bob.close();
  }
}

describe('the installed package', () => {
  it('the tarball holds only what may ship (an allow-list): no tests, test kits or their maps; every entry point is in it', async () => {
    const { stdout } = await run('tar', ['-tzf', tarballPath], { maxBuffer: 16 * 1024 * 1024 });
    const files = stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    console.log(`# ${files.length} files in ${basename(tarballPath)}`);
    const unexpected = files.filter((file) => !SHIPS.some((allowed) => allowed.test(file)) || (TEST_MARKS.test(file) && !file.startsWith('dist/')));
    assert.deepEqual(unexpected, [], 'files outside the allow-list');
    // The bundle's own maps are the only maps.
    assert.deepEqual(files.filter((file) => file.endsWith('.map') && !file.startsWith('dist/')), []);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string> };
    const targets = [
      ...Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target))),
      ...Object.values(manifest.bin),
    ].filter((target) => !target.includes('*'));
    for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} (package.json) is in the tarball`);
    for (const wanted of ['lib/components/index.js', 'lib/server/main.js', 'dist/roulette.js', 'examples/favicon.svg', 'custom-elements.json']) {
      assert.ok(files.includes(wanted), `${wanted} ships`);
    }
  });

  it('`npx roulette-calls` (the bin) starts the compiled server with npm start\'s environment, without tsx', async (t) => {
    if (skipIfNeeded(t)) return;
    assert.equal(existsSync(join(project, 'node_modules/tsx')), false, 'tsx is not installed for package users');
    // Literally what README and docs/install.md say (npx finds the installed bin; --no-install: never the registry).
    const { child, match, output } = await startChild('npx', ['--no-install', PACKAGE.name], /open (http\S+)[\s\S]*CORS_ORIGINS/, { CORS_ORIGINS: 'https://shop.example' });
    const url = match[1];
    assert.match(output(), /Pages on these sites may use this server \(CORS_ORIGINS\): https:\/\/shop\.example/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const bundle = await fetch(`${url}/roulette.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${url}/`)).status, 200, 'the example pages are served too');
    // Each example page names its icon, which the server serves (no 404 for the tab's icon).
    const icon = await fetch(`${url}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    for (const page of readdirSync(join(project, 'node_modules', PACKAGE.name, 'examples')).filter((f) => f.endsWith('.html'))) {
      const html = await (await fetch(`${url}/${page}`)).text();
      assert.match(html, /<link rel="icon" href="\/favicon\.svg"/, `${page} names its icon`);
    }
    await signalingCall(url);
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C
    const [code, signal] = await once(child, 'exit');
    assert.ok(code === 0 || signal === 'SIGINT', `npx exited with ${code ?? signal}`);
    // The server shut down too.
    const deadline = Date.now() + 6000;
    let listening = true;
    while (listening && Date.now() < deadline) {
      listening = await fetch(`${url}/healthz`).then(() => true, () => false);
      if (listening) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(listening, false, 'the server stopped');
  });

  it('createSignalingServer mounts on an existing Express app beside its own routes and carries a call', async (t) => {
    if (skipIfNeeded(t)) return;
    writeFileSync(
      join(project, 'server.mjs'),
      `import express from 'express';
import { createServer } from 'node:http';
import { createSignalingServer } from '${PACKAGE.name}/server';

const app = express();
app.get('/api/hello', (req, res) => res.json({ hello: 'from the site' }));
const httpServer = createServer(app);
const signaling = createSignalingServer(httpServer, { ringTimeoutMs: 10000 });
await signaling.ready;
httpServer.listen(0, '127.0.0.1', () => console.log('listening on ' + httpServer.address().port));
`,
    );
    const { child, match } = await startChild(process.execPath, ['server.mjs'], /listening on (\d+)/);
    const url = `http://127.0.0.1:${match[1]}`;
    assert.deepEqual(await (await fetch(`${url}/api/hello`)).json(), { hello: 'from the site' });
    await signalingCall(url);
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('custom-elements.json is valid against its schema, names the shipped modules and describes every element; a bundler resolves the entries', async (t) => {
    if (skipIfNeeded(t)) return;
    // custom-elements.json, named by `customElements`, describes every element from its JSDoc.
    const installed = join(project, 'node_modules', PACKAGE.name);
    const manifestFile = (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { customElements: string }).customElements;
    const manifest = JSON.parse(readFileSync(join(installed, manifestFile), 'utf8')) as Manifest;

    // The schema of the version it declares (custom-elements-manifest ships it), by ajv.
    assert.equal(manifest.schemaVersion, versionOf('custom-elements-manifest'), 'validated against the schema version it declares');
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/custom-elements-manifest/schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(manifest), `custom-elements.json against the schema:\n${JSON.stringify(validate.errors, null, 2)}`);

    // Every module path, and every module a declaration or export names, is a JavaScript file of the package.
    const named = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') named.add(value);
        else collect(value);
      }
    };
    collect(manifest.modules);
    assert.ok(named.size >= manifest.modules.length);
    for (const path of named) {
      assert.match(path, /^lib\/.+\.js$/, `${path}: the manifest names the JavaScript the package ships`);
      assert.ok(existsSync(join(installed, path)), `${path} is in the tarball`);
    }

    const elements = publicElements(manifest);
    assert.deepEqual([...elements.keys()].sort(), ['roulette-background', 'roulette-call', 'roulette-devices', 'roulette-lobby', 'roulette-login', 'roulette-session']);
    const session = elements.get('roulette-session')!;
    assert.deepEqual(session.attributes.map((a) => a.name), ['server', 'silent', 'notify', 'token', 'consent', 'consent-age', 'background']);
    for (const element of elements.values()) {
      for (const attribute of element.attributes) assert.ok(attribute.type?.text, `<${element.tagName}> ${attribute.name} has a type`);
    }
    assert.ok(session.members.some((m) => m.name === 'session'));
    assert.equal(session.events.find((e) => e.name === 'roulette-call-end')!.type!.text, 'CustomEvent<RouletteCallEndDetail>');
    // <roulette-session> re-fires every event of the session (components/events.ts).
    assert.deepEqual(session.events.map((e) => e.name).sort(), [...ROULETTE_EVENTS].sort());
    assert.ok(session.slots!.length >= 1 && session.cssParts!.length >= 1 && session.cssProperties!.length >= 1);
    const login = elements.get('roulette-login')!;
    assert.deepEqual(login.slots!.map((slot) => slot.name).sort(), ['heading', 'server']);
    assert.ok(login.attributes.some((a) => a.name === 'hide-server'));
    assert.ok(elements.get('roulette-call')!.cssParts!.some((part) => part.name === 'hangup-button'));

    // A bundler finds the unbundled entries through the exports map.
    copyFileSync(join(FIXTURES, 'page.ts'), join(project, 'page.ts'));
    const { build } = await import('esbuild');
    const bundled = await build({
      absWorkingDir: project, entryPoints: ['page.ts'], bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent',
    });
    assert.match(bundled.outputFiles[0].text, /customElements\.define/);
  });

  it('TypeScript, React and Preact files type-check: every documented attribute, property and event of each element, createElement for every tag; a misspelled name or a wrong type fails', async (t) => {
    if (skipIfNeeded(t)) return;
    const installed = join(project, 'node_modules', PACKAGE.name);
    const elements = publicElements(JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8')) as Manifest);
    for (const file of readdirSync(FIXTURES)) if (/\.tsx?$/.test(file)) copyFileSync(join(FIXTURES, file), join(project, file));
    // createElement for every tag the main entry defines gives that element's class, not HTMLElement.
    const classes = [...elements.values()].map((e) => e.name);
    writeFileSync(
      join(project, 'tags.ts'),
      `import type { ${classes.join(', ')} } from '${PACKAGE.name}';\n` +
        [...elements.values()].map((e) => `document.createElement('${e.tagName}') satisfies ${e.name};\n`).join(''),
    );

    // app.tsx uses every attribute, property and event handler custom-elements.json documents, on each tag.
    const ts = (await import('typescript')).default;
    const used = new Map<string, Set<string>>();
    const source = ts.createSourceFile('app.tsx', readFileSync(join(FIXTURES, 'app.tsx'), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (node: import('typescript').Node): void => {
      if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
        const names = used.get(node.tagName.getText()) ?? new Set<string>();
        for (const attribute of node.attributes.properties) if (ts.isJsxAttribute(attribute)) names.add(attribute.name.getText());
        used.set(node.tagName.getText(), names);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const element of elements.values()) {
      const documented = [
        // An attribute only reflected for styling (`state`, of a non-public field) is no input.
        ...element.attributes.filter((a) => !a.fieldName || element.members.some((m) => m.name === a.fieldName)).map((a) => a.name),
        ...element.members.filter((m) => m.kind === 'field' && !m.readonly).map((m) => m.name),
        ...element.events.map((e) => `on${e.name}`),
      ];
      const missing = documented.filter((name) => !used.get(element.tagName)?.has(name));
      assert.deepEqual(missing, [], `app.tsx uses every documented prop of <${element.tagName}>`);
    }

    const tsconfig = (files: string[], skipLibCheck = true) =>
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true, skipLibCheck,
        },
        files,
      });
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const check = (config: string) =>
      run(process.execPath, [tsc, '-p', config], { cwd: project }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
    // skipLibCheck off, as on a site that checks libraries' types: the package's declarations hold too.
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(['page.ts', 'tags.ts', 'app.tsx', 'preact-app.tsx'], false));
    assert.equal(await check('tsconfig.json'), '', 'the TS and TSX files compile');

    // Each line marked `// error:` in the bad files fails, and no other line does.
    const bad = ['bad.ts', 'bad.tsx', 'bad-preact.tsx'];
    writeFileSync(join(project, 'tsconfig.bad.json'), tsconfig(bad));
    const output = await check('tsconfig.bad.json');
    for (const file of bad) {
      const expected = readFileSync(join(FIXTURES, file), 'utf8').split('\n').flatMap((line, i) => (line.includes('// error:') ? [i + 1] : []));
      const failed = [...new Set([...output.matchAll(new RegExp(`^${file.replace('.', '\\.')}\\((\\d+),`, 'gm'))].map((m) => Number(m[1])))];
      assert.ok(expected.length > 0);
      assert.deepEqual(failed.sort((a, b) => a - b), expected, `${file}: the lines that fail to compile\n${output}`);
    }
  });

  it('the CDN file, served from node_modules to another site under docs/deploy.md\'s CSP, makes a call in Chromium', async (t) => {
    if (skipIfNeeded(t)) return;
    const { match } = await startChild(join(project, 'node_modules/.bin/roulette-calls'), [], /open (http\S+)/);
    const signaling = match[1].replace('localhost', '127.0.0.1');
    // A stand-in CDN (127.0.0.1) and the site (localhost) on one port: two origins.
    const packageDir = join(project, 'node_modules', PACKAGE.name);
    const prefix = `/npm/${PACKAGE.name}@${PACKAGE.version}/`;
    let cdnOrigin = '';
    const host: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.startsWith(prefix) && !path.includes('..')) {
        const file = join(packageDir, path.slice(prefix.length));
        if (!existsSync(file)) return void res.writeHead(404).end();
        res.writeHead(200, {
          'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream',
          'Access-Control-Allow-Origin': '*',
        });
        return void res.end(readFileSync(file));
      }
      // The Content-Security-Policy docs/deploy.md gives a host page (ws: here: no TLS in the test).
      res.writeHead(200, {
        'Content-Type': 'text/html',
        'Content-Security-Policy': `default-src 'none'; script-src 'self' ${cdnOrigin}; connect-src 'self' ${signaling.replace('http:', 'ws:')}; media-src 'self' blob: mediastream:`,
      });
      res.end(`<!doctype html><meta charset="utf-8">
<script type="module" src="${cdnOrigin}${prefix}dist/roulette.js"></script>
<roulette-session server="${signaling}"><roulette-login></roulette-login><roulette-lobby></roulette-lobby><roulette-call></roulette-call></roulette-session>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const port = (host.address() as AddressInfo).port;
    cdnOrigin = `http://127.0.0.1:${port}`;
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const open = async () => {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.evaluateOnNewDocument(() => {
          (window as any).violations = [];
          document.addEventListener('securitypolicyviolation', (e) => (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        await page.goto(`http://localhost:${port}/`, { waitUntil: 'load' });
        await page.waitForFunction(() => customElements.get('roulette-call') && (document.querySelector('roulette-session') as any)?.session, { timeout: 15_000 });
        return page;
      };
      const phase = (page: Awaited<ReturnType<typeof open>>, wanted: string) =>
        page.waitForFunction((w) => (document.querySelector('roulette-session') as any).session.state.phase === w, { timeout: 20_000 }, wanted);
      const alice = await open();
      // The main entry defines every tag the manifest (and so the JSX and createElement types) names, the lazy chooser too.
      const tags = [...publicElements(JSON.parse(readFileSync(join(packageDir, 'custom-elements.json'), 'utf8')) as Manifest).keys()];
      await alice.waitForFunction((names: string[]) => names.every((name) => customElements.get(name)), { timeout: 15_000 }, tags);
      const bob = await open();
      const bobName = `cdnbob${process.pid}`;
      await alice.evaluate(() => (document.querySelector('roulette-session') as any).session.connect(''));
      await bob.evaluate((name) => (document.querySelector('roulette-session') as any).session.connect(name), bobName);
      await Promise.all([phase(alice, 'idle'), phase(bob, 'idle')]);
      await alice.evaluate((name) => (document.querySelector('roulette-session') as any).session.call(name), bobName);
      await phase(bob, 'incoming');
      await bob.evaluate(() => (document.querySelector('roulette-session') as any).session.accept());
      await Promise.all([phase(alice, 'in-call'), phase(bob, 'in-call')]);
      // Video frames from the other side are shown on both.
      await Promise.all(
        [alice, bob].map((page) => page.waitForFunction(() => document.querySelector('roulette-call')?.hasAttribute('receiving'), { timeout: 20_000 })),
      );
      for (const page of [alice, bob]) assert.deepEqual(await page.evaluate(() => (window as any).violations), [], 'no CSP violation');

      // The bin's example pages, as a person opens them: the tab shows the
      // icon, and no request fails (no 404 for it) and nothing is logged as an error.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('response', (response) => void (response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`)));
      page.on('requestfailed', (request) => void failures.push(`failed ${request.url()}`));
      page.on('console', (message) => void (message.type() === 'error' && failures.push(`console: ${message.text()}`)));
      for (const path of ['/', '/embed.html', '/signed-in.html']) {
        const icon = page.waitForResponse((response) => new URL(response.url()).pathname === '/favicon.svg', { timeout: 15_000 });
        await page.goto(`${signaling}${path}`, { waitUntil: 'load' });
        assert.ok([200, 304].includes((await icon).status()), `${path}: its icon`);
      }
      assert.deepEqual(failures, [], 'the example pages load without a failed request or a console error');
      await context.close();
    } finally {
      await browser.close();
      host.close();
    }
  });
});
