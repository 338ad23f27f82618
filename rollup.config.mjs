// Minified ES modules in dist/: the entry dist/roulette.js (the file a page
// loads from a CDN: lit, @lit/context, socket.io-client and every element on
// the way into a call inside) and the chunks of rarely used parts it loads by
// `import()` — dist/roulette-devices-*.js (the device chooser) and
// dist/roulette-call-alerts-*.js (ring tones, notifications) — which the
// browser fetches relative to the entry's URL (see components/index.ts). The
// smaller stand-ins it swaps in for parts of socket.io-client live in
// shims/socket.io-client/ (never imported by our own code).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform as esbuildTransform } from 'esbuild';
import MagicString from 'magic-string';
import { fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import { shimFor } from './scripts/bundle-shims.mjs';

/**
 * rollup-plugin-esbuild resolves relative imports itself, and runs before
 * node-resolve (whose resolveId is `order: 'post'`); inside node_modules that
 * skips the `browser` field map and pulls in engine.io-client's Node
 * transports. Let it resolve our own TypeScript only.
 */
function typescript(options) {
  const plugin = esbuild(options);
  const resolveId = plugin.resolveId;
  return {
    ...plugin,
    resolveId(id, importer, ...rest) {
      if (importer?.includes('/node_modules/')) return null;
      return resolveId.call(this, id, importer, ...rest);
    },
  };
}

/**
 * Smaller stand-ins for parts of socket.io-client's dependencies
 * (scripts/bundle-shims.mjs, shared with the browser tests): a JSON-only
 * socket.io parser and Engine.IO over one WebSocket.
 */
function socketShims() {
  return {
    name: 'roulette-socket-shims',
    resolveId(id, importer) {
      return shimFor(id, importer) ?? null;
    },
  };
}

/**
 * Template literals in our elements are written for people: indented CSS in
 * css`…` and indented markup in html`…`, none of which terser touches. In our
 * own modules (after TypeScript is compiled), this minifies every css`…`
 * without interpolations with esbuild's CSS minifier, and collapses each run
 * of whitespace that holds a line break in an html`…` to one space, which
 * renders the same (we have no <pre> or `white-space: pre` content).
 */
function minifyLiterals() {
  const ours = fileURLToPath(new URL('components/', import.meta.url));
  // Back into a template literal's raw text, so that its cooked value is `text`.
  const escape = (text) => text.replace(/\\|`|\$\{/g, (s) => `\\${s}`);
  return {
    name: 'roulette-minify-literals',
    async transform(code, id) {
      if (!id.startsWith(ours) || !/\b(css|html)`/.test(code)) return null;
      const minifyCss = async (quasi) => {
        const result = await esbuildTransform(quasi.value.cooked, { loader: 'css', minify: true, charset: 'utf8' });
        for (const warning of result.warnings) this.warn(`css\`…\`: ${warning.text}`, quasi.start);
        return { start: quasi.start, end: quasi.end, text: escape(result.code.trim()) };
      };
      const edits = [];
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier') {
          const { quasis } = node.quasi;
          if (node.tag.name === 'css' && quasis.length === 1) edits.push(minifyCss(quasis[0]));
          if (node.tag.name === 'html') {
            for (const q of quasis) edits.push({ start: q.start, end: q.end, text: q.value.raw.replace(/\s*\n\s*/g, ' ') });
          }
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      const s = new MagicString(code);
      for (const { start, end, text } of await Promise.all(edits)) {
        if (text !== code.slice(start, end)) s.overwrite(start, end, text);
      }
      if (!s.hasChanged()) return null;
      return { code: s.toString(), map: s.generateMap({ hires: true }) };
    },
  };
}

/** Removes the chunks of earlier builds from dist/ (their names carry a hash). */
function removeOldChunks() {
  return {
    name: 'roulette-remove-old-chunks',
    async writeBundle(options, bundle) {
      const { readdir, rm } = await import('node:fs/promises');
      for (const file of await readdir(options.dir)) {
        const source = file.replace(/\.(br|gz)$/, '');
        if (/^roulette.*\.js(\.map)?$/.test(source) && !(source in bundle)) await rm(`${options.dir}/${file}`, { force: true });
      }
    },
  };
}

/**
 * The background effect's segmentation runtime and model
 * (components/session/background/segmenter.ts), from the npm package
 * @mediapipe/selfie_segmentation into dist/roulette-segmenter/: served beside
 * the bundle with the same CORS headers, loaded relative to it only when
 * someone turns the effect on. Only what it loads: the SIMD build (every
 * browser with WebRTC insertable streams has wasm SIMD) and the 256×144
 * "landscape" model.
 */
function segmenterFiles() {
  const FILES = [
    'selfie_segmentation.js',
    'selfie_segmentation.binarypb',
    'selfie_segmentation_landscape.tflite',
    'selfie_segmentation_solution_simd_wasm_bin.js',
    'selfie_segmentation_solution_simd_wasm_bin.wasm',
    'selfie_segmentation_solution_simd_wasm_bin.data',
  ];
  return {
    name: 'roulette-segmenter-files',
    async writeBundle(options) {
      const { copyFile, mkdir } = await import('node:fs/promises');
      const from = fileURLToPath(new URL('node_modules/@mediapipe/selfie_segmentation/', import.meta.url));
      const to = `${options.dir}/roulette-segmenter`;
      await mkdir(to, { recursive: true });
      // Copied, then compressed like the bundle's own files: the runtime is what travels most.
      await Promise.all(FILES.map(async (file) => {
        await copyFile(`${from}${file}`, `${to}/${file}`);
        await compressBeside(`${to}/${file}`);
      }));
    },
  };
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every file of the bundle, at the
 * highest levels: the server (server/http/app.ts, express-static-gzip) and
 * the nginx recipe (gzip_static) send them as they are, so nothing is
 * compressed per request and a CDN or proxy gets the same bytes.
 */
function precompress() {
  return {
    name: 'roulette-precompress',
    async writeBundle(options, bundle) {
      await Promise.all(Object.keys(bundle).map((file) => compressBeside(`${options.dir}/${file}`)));
    },
  };
}

/**
 * Writes `<path>.br` and `<path>.gz` beside a file: brotli at its highest
 * quality, except for files of a megabyte or more (the segmentation runtime's
 * 5.7 MB of wasm), where quality 11 would add ten seconds to every build for
 * 12 % fewer bytes than quality 9.
 */
async function compressBeside(path) {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { promisify } = await import('node:util');
  const zlib = await import('node:zlib');
  const bytes = await readFile(path);
  const quality = bytes.length >= 1024 * 1024 ? 9 : 11;
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
  await writeFile(`${path}.br`, await promisify(zlib.brotliCompress)(bytes, { params }));
  await writeFile(`${path}.gz`, await promisify(zlib.gzip)(bytes, { level: 9 }));
}

export default {
  input: 'components/cdn.ts',
  // The lazy chunks may import what they share with the entry from the entry
  // itself (extra exports on it) instead of from a separate core file: one
  // request fewer before anything shows.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'roulette.js',
    // Served beside the entry with its CORS headers (server/http/app.ts); the hash
    // lets a CDN keep them for long, the entry name stays stable.
    // roulette-<name>-*.js for the lazy chunks; roulette-core-*.js if shared
    // modules ever need a chunk of their own.
    // Every file starts with "roulette": the server sends /roulette*.js with CORS.
    chunkFileNames: (chunk) =>
      chunk.isDynamicEntry ? `${chunk.name.startsWith('roulette-') ? '' : 'roulette-'}[name]-[hash].js` : 'roulette-core-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  treeshake: {
    // socket.io-client's index re-exports engine.io-client's transports, which
    // we never use (see socketShims); its modules' load-time listeners must not
    // keep them in.
    moduleSideEffects: (id) => !/\/engine\.io-client\//.test(id),
  },
  plugins: [
    socketShims(),
    // `browser` + the browser export condition pick socket.io-client's
    // browser build (no `debug`, no Node `ws`).
    nodeResolve({ browser: true, exportConditions: ['browser'] }),
    // ES2022 keeps the session classes' `#private` members native (terser
    // shortens their names); below it esbuild turns them into WeakMaps.
    // ROULETTE_DEV false: the session's transition checks (state.ts) are left out of the CDN file.
    typescript({ target: 'es2022', tsconfig: 'tsconfig.json', define: { ROULETTE_DEV: 'false' } }),
    minifyLiterals(),
    removeOldChunks(),
    segmenterFiles(),
    terser({
      ecma: 2021,
      module: true,
      compress: { passes: 2 },
      format: { comments: false },
    }),
    precompress(),
  ],
};
