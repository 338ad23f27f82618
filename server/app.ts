// The Express app: the examples at / and the component bundle at /roulette.js.
import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface AppOptions {
  /** Origins whose pages may load the bundle; '*' = any. */
  corsOrigins?: '*' | string[];
}

export function createApp(options: AppOptions = {}): Express {
  const corsOrigins = options.corsOrigins ?? '*';
  const app = express();
  app.disable('x-powered-by');
  // The bundle is meant to be loaded cross-origin, like from a CDN: a module
  // script needs CORS.
  app.get('/roulette.js', (req, res, next) => {
    const origin = req.headers.origin;
    if (corsOrigins === '*') res.setHeader('Access-Control-Allow-Origin', '*');
    else if (origin && corsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    next();
  });
  app.use(express.static(`${root}dist`, { index: false, maxAge: '5m' }));
  app.use(express.static(`${root}examples`, { extensions: ['html'] }));
  return app;
}
