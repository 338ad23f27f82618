// The Express app: the examples at / and the component bundle at /roulette.js,
// every response with the security headers of server/http-security.ts.
import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from './http-security.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface AppOptions {
  /** Origins whose pages may load the bundle; '*' = any. */
  corsOrigins?: '*' | string[];
  /** CSP frame-ancestors: who may frame the pages; default 'self'. */
  frameAncestors?: string[];
}

export function createApp(options: AppOptions = {}): Express {
  const corsOrigins = options.corsOrigins ?? '*';
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(`${root}examples`, { frameAncestors: options.frameAncestors }));
  // The bundle is meant to be loaded cross-origin, like from a CDN: a module
  // script needs CORS, and Cross-Origin-Resource-Policy must not stop it.
  // Its lazy chunks (/roulette-devices-….js and the like, imported relative to
  // it) get the same answer.
  app.get(/^\/roulette(-[\w-]+)?\.js(\.map)?$/, (req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (corsOrigins === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else {
      // The answer depends on Origin whether it is allowed or not: a shared
      // cache must not hand a refused copy to an allowed origin, nor the reverse.
      res.vary('Origin');
      const origin = req.headers.origin;
      if (origin && corsOrigins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    }
    next();
  });
  app.use(express.static(`${root}dist`, { index: false, maxAge: '5m' }));
  app.use(express.static(`${root}examples`, { extensions: ['html'] }));
  return app;
}
