// Minified ES modules in dist/: the entry dist/roulette.js (the file a page
// loads from a CDN, with lit, @lit/context and socket.io-client inside) and
// the chunks it imports by `import()` — dist/roulette-lobby-*.js,
// dist/roulette-call-*.js (the call view) and dist/roulette-devices-*.js (the
// device chooser) — which the
// browser fetches relative to the entry's URL (see components/index.ts). The smaller
// stand-ins it swaps in for parts of socket.io-client live in
// components/bundle-shims/ (never imported by our own code).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform as esbuildTransform } from 'esbuild';
import MagicString from 'magic-string';
import { fileURLToPath, pathToFileURL } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';

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
 * We connect with `transports: ['websocket']` only, so engine.io-client's
 * default transport table (HTTP long-polling, WebTransport) is dead weight:
 * replace it with the WebSocket transport alone (about 3.5 KB gzipped).
 */
function websocketOnly() {
  const VIRTUAL = '\0roulette:engine-transports';
  let websocketModule;
  return {
    name: 'roulette-websocket-only',
    resolveId(id, importer) {
      if (id !== './transports/index.js' || !importer?.includes('/engine.io-client/build/esm/')) return null;
      websocketModule = new URL('transports/websocket.js', pathToFileURL(importer)).pathname;
      return VIRTUAL;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      return `import { WS } from ${JSON.stringify(websocketModule)};\nexport const transports = { websocket: WS };\n`;
    },
  };
}

/**
 * socket.io-client's parser with binary support is swapped for a JSON-only
 * one with the same wire format: we never send binary (see
 * components/bundle-shims/json-parser.ts).
 */
function jsonOnlyParser() {
  const parser = fileURLToPath(new URL('components/bundle-shims/json-parser.ts', import.meta.url));
  return {
    name: 'roulette-json-only-parser',
    resolveId(id, importer) {
      if (id === 'socket.io-parser' && importer?.includes('/socket.io-client/')) return parser;
      return null;
    },
  };
}

/**
 * engine.io-client's packet parser handles Blob, ArrayBuffer and base64 for
 * binary messages; over our text-only WebSocket a text-only one does
 * (components/bundle-shims/engine-parser.ts). Only the socket and the WebSocket
 * transport get it; the unused transports keep theirs and are dropped.
 */
function textOnlyEngineParser() {
  const parser = fileURLToPath(new URL('components/bundle-shims/engine-parser.ts', import.meta.url));
  const users = /\/engine\.io-client\/build\/esm\/(socket|transport|transports\/websocket)\.js$/;
  return {
    name: 'roulette-text-only-engine-parser',
    resolveId(id, importer) {
      if (id === 'engine.io-parser' && users.test(importer ?? '')) return parser;
      return null;
    },
  };
}

/**
 * engine.io-client parses URLs with a large regex kept for browsers without
 * `URL`; every browser we support has it (components/bundle-shims/parse-uri.ts).
 */
function urlParser() {
  const parser = fileURLToPath(new URL('components/bundle-shims/parse-uri.ts', import.meta.url));
  return {
    name: 'roulette-url-parser',
    resolveId(id, importer) {
      if (/contrib\/parseuri\.js$/.test(id) && importer?.includes('/engine.io-client/')) return parser;
      return null;
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
        if (/^roulette-.+\.js(\.map)?$/.test(file) && !(file in bundle)) await rm(`${options.dir}/${file}`, { force: true });
      }
    },
  };
}

export default {
  input: 'components/index.ts',
  output: {
    dir: 'dist',
    entryFileNames: 'roulette.js',
    // Served beside the entry with its CORS headers (server/app.ts); the hash
    // lets a CDN keep them for long, the entry name stays stable.
    // roulette-lobby-*.js, roulette-call-*.js, roulette-devices-*.js for the lazy elements;
    // roulette-core-*.js for the modules the entry shares with them (lit, the
    // shared styles), which the entry imports statically.
    // Every file starts with "roulette": the server sends /roulette*.js with CORS.
    chunkFileNames: (chunk) =>
      chunk.isDynamicEntry ? `${chunk.name.startsWith('roulette-') ? '' : 'roulette-'}[name]-[hash].js` : 'roulette-core-[hash].js',
    // Modules the entry and the lazy chunks share go to one core chunk, not
    // several tiny ones.
    experimentalMinChunkSize: 4096,
    // The safety code is computed only when someone opens it: keep its
    // module out of the chunk the lobby and the call share (rollup would
    // otherwise merge that small shared chunk into it, pure code being free
    // to load early).
    manualChunks: (id) => (id.endsWith('/components/session/safety-code.ts') ? 'roulette-safety-code' : undefined),
    format: 'es',
    sourcemap: true,
  },
  treeshake: {
    // engine.io-client's long-polling module probes XHR and adds a `pagehide`
    // handler at load time; unused here, so let it be dropped.
    moduleSideEffects: (id) => !/engine\.io-client\/build\/esm\/transports\/polling/.test(id),
  },
  plugins: [
    websocketOnly(),
    jsonOnlyParser(),
    textOnlyEngineParser(),
    urlParser(),
    // `browser` + the browser export condition pick socket.io-client's
    // browser build (no `debug`, no Node `ws`).
    nodeResolve({ browser: true, exportConditions: ['browser'] }),
    // ES2022 keeps the session classes' `#private` members native (terser
    // shortens their names); below it esbuild turns them into WeakMaps.
    typescript({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    minifyLiterals(),
    removeOldChunks(),
    terser({
      ecma: 2021,
      module: true,
      compress: { passes: 2 },
      format: { comments: false },
    }),
  ],
};
