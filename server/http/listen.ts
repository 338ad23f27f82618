// Starts the whole server (pages + signaling) on a port; used by the entry
// point, by tests and by benchmarks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { mountDemoTokens } from '../identity/demo-tokens.js';
import type { ProtocolV2Options } from '../config.js';
import { mountOperations } from './operations.js';
import { finalHandlers, guardResponses } from './security-headers.js';
import { createSignalingServer, type SignalingOptions, type SignalingServer } from '../signaling/server.js';

export interface ListenOptions extends SignalingOptions, ProtocolV2Options {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** A connection must send its request headers within this long (default 10 s): slowloris ends here. */
  headersTimeoutMs?: number;
  /** …and its whole request within this long (default 30 s). Neither limits a response, a long poll or a WebSocket. */
  requestTimeoutMs?: number;
  /** DEMO ONLY (server/identity/demo-tokens.ts): POST /demo-token signs a token for any name. Off by default. */
  demoTokens?: boolean;
}

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RunningServer {
  url: string;
  port: number;
  signaling: SignalingServer;
  /** Tells clients `reason`, disconnects them and stops listening. */
  close(reason?: string): Promise<void>;
}

export async function listen(options: ListenOptions = {}): Promise<RunningServer> {
  const app = createApp({ frameAncestors: options.frameAncestors });
  // Before anything is started: without a secret to sign with it throws.
  if (options.demoTokens) mountDemoTokens(app, options);
  const httpServer = createServer(
    {
      // Deliberate, not Node's defaults (60 s / 300 s): a client that
      // trickles its headers is closed with 408 after headersTimeout. Node
      // looks for such connections every connectionsCheckingInterval (30 s
      // by default), so that is shortened too. An upgraded WebSocket has
      // left the HTTP parser and is not affected.
      headersTimeout: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  const signaling = createSignalingServer(httpServer, options);
  mountOperations(app, signaling, { metricsToken: options.metricsToken });
  // After every route: a 404 and an error page that keep frame-ancestors.
  app.use(...finalHandlers(options));
  guardResponses(httpServer, options);
  await signaling.ready;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    signaling,
    async close(reason) {
      const closed = signaling.close(reason);
      httpServer.closeIdleConnections();
      await closed;
      httpServer.closeAllConnections();
    },
  };
}
