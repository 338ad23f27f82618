// What travels: the bundle and the pages compressed by Accept-Encoding (the
// build's .br/.gz for dist/, on the fly for the pages), the right headers
// for each, caches told how long to keep what, and revalidation by ETag.
// Raw HTTP (node:http), so that nothing decodes the bytes behind our back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApp } from '../http/app.js';
import { listen, type RunningServer } from '../http/listen.js';
import { rawGet } from './raw-get.js';

const ROOT = new URL('../..', import.meta.url).pathname;
let server: RunningServer;

const get = (path: string, headers: Record<string, string> = {}, port = server.port) => rawGet(`http://127.0.0.1:${port}${path}`, headers);

const decode = { br: brotliDecompressSync, gzip: gunzipSync, identity: (b: Buffer) => b } as const;

/** Fetches `path` asking for `accept`, checks the encoding chosen and that the decoded bytes are `file`'s. */
async function fetchEncoded(path: string, accept: string, expected: keyof typeof decode, file: string) {
  const res = await get(path, accept ? { 'Accept-Encoding': accept } : {});
  assert.equal(res.status, 200, path);
  assert.equal(res.headers['content-encoding'], expected === 'identity' ? undefined : expected, `${path} with Accept-Encoding: ${accept}`);
  assert.match(String(res.headers.vary), /accept-encoding/i, path);
  if (res.headers['content-length'] !== undefined) assert.equal(Number(res.headers['content-length']), res.body.length, path);
  assert.deepEqual(decode[expected](res.body), readFileSync(file), `${path} decoded as ${expected} is the file`);
  return res;
}

before(async () => {
  if (!existsSync(`${ROOT}dist/roulette.js.br`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  server = await listen({ port: 0, host: '127.0.0.1' });
});
after(() => server?.close());

describe('dist/ compressed by the build', () => {
  const chunk = () => readdirSync(`${ROOT}dist`).find((f) => /^roulette-devices-[\w-]{8}\.js$/.test(f))!;

  it('every file of dist/ (its folders too) has its .br and .gz beside it, decoding to the same bytes', () => {
    const files = (readdirSync(`${ROOT}dist`, { recursive: true }) as string[]).filter(
      (f) => !/\.(br|gz)$/.test(f) && statSync(`${ROOT}dist/${f}`).isFile(),
    );
    assert.ok(files.some((f) => f.startsWith('roulette-segmenter/')), 'the segmentation runtime is compressed too');
    assert.ok(files.length > 10, files.join(', '));
    for (const file of files) {
      const bytes = readFileSync(`${ROOT}dist/${file}`);
      assert.deepEqual(brotliDecompressSync(readFileSync(`${ROOT}dist/${file}.br`)), bytes, `${file}.br`);
      assert.deepEqual(gunzipSync(readFileSync(`${ROOT}dist/${file}.gz`)), bytes, `${file}.gz`);
    }
  });

  it('the entry: br preferred, then gzip, else identity; the types, lengths and CORS of the original; a short max-age', async () => {
    const file = `${ROOT}dist/roulette.js`;
    const sizes: Record<string, number> = {};
    for (const [accept, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip;q=1.0, br;q=0.5', 'br'],
      ['gzip, deflate', 'gzip'],
      ['deflate', 'identity'],
      ['', 'identity'],
    ] as const) {
      const res = await fetchEncoded('/roulette.js', accept, expected, file);
      assert.match(String(res.headers['content-type']), /^text\/javascript; charset=utf-8$/i);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal(res.headers['cache-control'], 'public, max-age=300');
      assert.ok(res.headers.etag, 'a validator');
      sizes[expected] = res.body.length;
    }
    assert.ok(sizes.br < sizes.gzip && sizes.gzip < sizes.identity / 2, JSON.stringify(sizes));
  });

  it('a content-hashed chunk is kept for a year, immutable, in every encoding', async () => {
    const name = chunk();
    assert.ok(name, 'the device chooser chunk is there');
    for (const [accept, expected] of [['br', 'br'], ['gzip', 'gzip'], ['', 'identity']] as const) {
      const res = await fetchEncoded(`/${name}`, accept, expected, `${ROOT}dist/${name}`);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['content-type']), /^text\/javascript/);
    }
  });

  it('revalidation: 304 without a body for the same ETag, each encoding with its own', async () => {
    const br = await get('/roulette.js', { 'Accept-Encoding': 'br' });
    const gzip = await get('/roulette.js', { 'Accept-Encoding': 'gzip' });
    assert.notEqual(br.headers.etag, gzip.headers.etag);
    const again = await get('/roulette.js', { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const changed = await get('/roulette.js', { 'Accept-Encoding': 'br', 'If-None-Match': '"something-else"' });
    assert.equal(changed.status, 200);
  });
});

describe('the pages compressed per response', () => {
  for (const [path, file] of [['/', 'index.html'], ['/embed', 'embed.html']] as const) {
    it(`${path}: br or gzip by Accept-Encoding, decoding to the page; a short max-age and a validator that answers 304`, async () => {
      const source = `${ROOT}examples/${file}`;
      await fetchEncoded(path, 'gzip, deflate, br', 'br', source);
      await fetchEncoded(path, 'gzip', 'gzip', source);
      const plain = await fetchEncoded(path, '', 'identity', source);
      assert.match(String(plain.headers['content-type']), /^text\/html/);
      assert.equal(plain.headers['cache-control'], 'public, max-age=300');
      assert.match(String(plain.headers['content-security-policy']), /default-src 'self'/);
      const again = await get(path, { 'Accept-Encoding': 'br', 'If-None-Match': String(plain.headers.etag) });
      assert.equal(again.status, 304);
      assert.equal(again.body.length, 0);
    });
  }

  it('nothing but HTML is compressed on the fly (no JSON or metrics beside a secret: BREACH)', async () => {
    const app = createApp();
    app.get('/secret.json', (_req, res) => void res.json({ token: 'x'.repeat(4096) }));
    const other = createServer(app).listen(0, '127.0.0.1');
    await once(other, 'listening');
    try {
      const port = (other.address() as AddressInfo).port;
      const res = await get('/secret.json', { 'Accept-Encoding': 'br, gzip' }, port);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], undefined);
      assert.ok(res.body.length > 4096);
    } finally {
      other.close();
    }
  });
});
