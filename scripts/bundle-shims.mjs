// Smaller stand-ins for parts of socket.io-client's dependencies
// (shims/socket.io-client/), and who gets them. The CDN bundle
// (rollup.config.mjs) and the browser tests (web-test-runner.config.mjs) use
// the same table, so the tests run what the CDN file ships.
import { fileURLToPath } from 'node:url';

const shim = (name) => fileURLToPath(new URL(`../shims/socket.io-client/${name}`, import.meta.url));

export const bundleShims = [
  // JSON-only socket.io parser: we never send binary.
  { source: 'socket.io-parser', importer: /\/socket\.io-client\/build\/esm\//, file: shim('json-parser.ts') },
  // A namespace socket without the features we never use (onAny, volatile, recovery…).
  { source: './socket.js', importer: /\/socket\.io-client\/build\/esm\/(manager|index)\.js$/, file: shim('socket.ts') },
  // The event emitter under all of them, without its mixin form.
  {
    source: '@socket.io/component-emitter',
    importer: /\/socket\.io-client\/build\/esm\/|\/shims\/socket\.io-client\/(?!emitter)/,
    file: shim('emitter.ts'),
  },
  // Engine.IO over one WebSocket, instead of engine.io-client's transports.
  { source: 'engine.io-client', importer: /\/socket\.io-client\/build\/esm\/(manager|url)\.js$/, file: shim('engine-socket.ts') },
];

/** The stand-in for `source` imported by `importer` (a file path or URL path), if any. */
export function shimFor(source, importer) {
  return bundleShims.find((s) => s.source === source && s.importer.test(importer ?? ''))?.file;
}
