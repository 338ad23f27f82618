// One minified ES module, dist/roulette.js, with lit, @lit/context and
// socket.io-client inside: the file a page loads from a CDN.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
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
 * components/session/json-parser.ts).
 */
function jsonOnlyParser() {
  const parser = fileURLToPath(new URL('components/session/json-parser.ts', import.meta.url));
  return {
    name: 'roulette-json-only-parser',
    resolveId(id, importer) {
      if (id === 'socket.io-parser' && importer?.includes('/socket.io-client/')) return parser;
      return null;
    },
  };
}

/**
 * engine.io-client parses URLs with a large regex kept for browsers without
 * `URL`; every browser we support has it (components/session/parse-uri.ts).
 */
function urlParser() {
  const parser = fileURLToPath(new URL('components/session/parse-uri.ts', import.meta.url));
  return {
    name: 'roulette-url-parser',
    resolveId(id, importer) {
      if (/contrib\/parseuri\.js$/.test(id) && importer?.includes('/engine.io-client/')) return parser;
      return null;
    },
  };
}

export default {
  input: 'components/index.ts',
  output: {
    file: 'dist/roulette.js',
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
    urlParser(),
    // `browser` + the browser export condition pick socket.io-client's
    // browser build (no `debug`, no Node `ws`).
    nodeResolve({ browser: true, exportConditions: ['browser'] }),
    typescript({ target: 'es2021', tsconfig: 'tsconfig.json' }),
    terser({
      ecma: 2021,
      module: true,
      compress: { passes: 2 },
      format: { comments: false },
    }),
  ],
};
