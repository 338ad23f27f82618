// One minified ES module, dist/roulette.js, with lit, @lit/context and
// socket.io-client inside: the file a page loads from a CDN.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { pathToFileURL } from 'node:url';
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
