// The Express app: the examples at / and the component bundle at /roulette.js,
// every response with the security headers of server/http/security-headers.ts.
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from './security-headers.js';

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
  app.use(
    express.static(`${root}dist`, {
      index: false,
      maxAge: '5m',
      setHeaders: (res) => {
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
        res.setHeader('Access-Control-Allow-Origin', '*');
      },
    }),
  );
  app.use(express.static(`${root}examples`, { extensions: ['html'] }));
  return app;
}
