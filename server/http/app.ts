// The Express app: the examples at / and the component bundle at /roulette.js,
// every response with the security headers of server/http/security-headers.ts.
import compression from 'compression';
import express, { type Express } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from './security-headers.js';

// Rollup's chunk names end in -<8-character hash>.js (rollup.config.mjs): the
// name changes with the content, so a browser or CDN may keep one for good.
const HASHED = /-[\w-]{8}\.js(\.map)?$/;
// The entry (roulette.js) and the pages keep their names across releases:
// kept for a short while, then revalidated by ETag (304 when unchanged).
const SHORT = 'public, max-age=300';

/** Cache-Control for a file of dist/ (`path` may be its .br or .gz beside it). */
function cacheFor(res: ServerResponse, path: string) {
  const file = basename(path).replace(/\.(br|gz)$/, '');
  res.setHeader('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : SHORT);
}

// The checkout (server/http/app.ts) or the installed package (lib/server/app.js):
// the folder holding dist/ and examples/.
const root = fileURLToPath(new URL(existsSync(new URL('../../package.json', import.meta.url)) ? '../..' : '../../..', import.meta.url));

export interface AppOptions {
  /** CSP frame-ancestors: who may frame the pages; default 'self'. */
  frameAncestors?: string[];
}

export function createApp(options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(`${root}examples`, { frameAncestors: options.frameAncestors }));
  // The bundle is meant to be loaded cross-origin, like from a CDN: a module
  // script needs CORS, and Cross-Origin-Resource-Policy must not stop it.
  // So does every lazy chunk it imports relative to itself, whatever its
  // name (roulette-media-controls.styles-….js has dots in it): every file of
  // dist/ gets the same answer. Every site gets it, whatever CORS_ORIGINS
  // says: the same files are public on npm and the CDNs, and a page whose
  // origin is refused must load them to tell its visitor so — CORS_ORIGINS
  // is enforced where it matters, in the signaling handshake
  // (server/signaling/server.ts).
  //
  // The build writes each file's .br and .gz beside it (rollup.config.mjs);
  // express-static-gzip picks one by Accept-Encoding (br first) and sets
  // Content-Encoding, the original's Content-Type and Vary: Accept-Encoding.
  // ETags come from the file sent, so each encoding has its own.
  app.use(
    expressStaticGzip(`${root}dist`, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        index: false,
        setHeaders: (res, path) => {
          res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
          res.setHeader('Access-Control-Allow-Origin', '*');
          cacheFor(res, path);
        },
      },
    }),
  );
  // The pages are a few kilobytes each and live in the source tree, not in
  // a build output: compressed per response (compression, br or gzip)
  // rather than precompressed copies kept beside the sources.
  // Only HTML: no JSON or metrics that might carry a secret beside what a
  // client sent (BREACH).
  const pagesOnly = (req: Parameters<typeof compression.filter>[0], res: Parameters<typeof compression.filter>[1]) =>
    /^text\/html\b/.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res);
  app.use(compression({ filter: pagesOnly }), express.static(`${root}examples`, { extensions: ['html'], maxAge: '5m' }));
  return app;
}
