// Operations endpoints: GET /healthz (process and store answer) and
// GET /metrics (Prometheus text format, via prom-client), the latter only for
// a scraper that presents METRICS_TOKEN: counts, versions, start time and
// heap sizes are nobody else's business.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES } from '../../protocol/index.js';
import type { SignalingServer } from '../signaling/server.js';

const STORE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** A registry of its own, so several servers in one process (tests) don't collide. */
export function createMetrics(signaling: SignalingServer): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'roulette_' });
  const counts = () => withTimeout(signaling.store.counts(), STORE_TIMEOUT_MS);
  const gauge = (name: string, help: string, pick: (c: Awaited<ReturnType<typeof counts>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await counts()));
      },
    });
  gauge('roulette_users_connected', 'Users with a name (including those inside the resume grace).', (c) => c.users);
  gauge('roulette_requests_pending', 'Call requests ringing.', (c) => c.pending);
  gauge('roulette_calls_active', 'Accepted calls.', (c) => c.calls);
  gauge('roulette_strangers_queued', 'Users waiting in the roulette queue.', (c) => c.queued);
  new Gauge({
    name: 'roulette_sockets_open',
    help: 'socket.io connections open on this process.',
    registers: [registry],
    collect() {
      this.set(signaling.io.of('/').sockets.size);
    },
  });
  // Counters read the server's running totals at scrape time; the relay path
  // only bumps a number.
  new Counter({
    name: 'roulette_messages_relayed_total',
    help: 'Descriptors and candidates relayed between call parties.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(signaling.stats.relayed);
    },
  });
  new Counter({
    name: 'roulette_reports_total',
    help: 'Reports of matched strangers received, whether they count toward the threshold or not (a repeat by the same reporter is not).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(signaling.stats.reports);
    },
  });
  new Counter({
    name: 'roulette_errors_total',
    help: 'Error answers sent to clients, by protocol error code.',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const code of ERROR_CODES) this.inc({ code }, signaling.stats.errors[code] ?? 0);
    },
  });
  return registry;
}

export interface OperationsOptions {
  /** GET /metrics answers only `Authorization: Bearer <metricsToken>`; unset, /metrics is not served at all. */
  metricsToken?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries the bearer token (compared in constant time). */
function presents(req: Request, token: Buffer): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), token);
}

export function mountOperations(app: Express, signaling: SignalingServer, options: OperationsOptions = {}): void {
  const registry = createMetrics(signaling);
  const token = options.metricsToken ? digest(options.metricsToken) : undefined;
  app.get('/healthz', async (_req, res) => {
    try {
      await withTimeout(signaling.store.counts(), STORE_TIMEOUT_MS);
      res.json({ status: 'ok' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: `store: ${(error as Error).message}` });
    }
  });
  app.get('/metrics', async (req, res, next) => {
    if (!token) return next(); // not served: the same 404 as any unknown path
    res.setHeader('Cache-Control', 'no-store');
    if (!presents(req, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).type('text/plain').send('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".\n');
      return;
    }
    try {
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      res.status(503).type('text/plain').send(`# metrics unavailable: ${(error as Error).message}\n`);
    }
  });
}
