// Starts the whole server (pages + signaling) on a port; used by the entry
// point, by tests and by benchmarks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { mountOperations } from './operations.js';
import { createSignalingServer, type SignalingOptions, type SignalingServer } from './signaling.js';

export interface ListenOptions extends SignalingOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  signaling: SignalingServer;
  /** Tells clients `reason`, disconnects them and stops listening. */
  close(reason?: string): Promise<void>;
}

export async function listen(options: ListenOptions = {}): Promise<RunningServer> {
  const app = createApp({ corsOrigins: options.corsOrigins });
  const httpServer = createServer(app);
  const signaling = createSignalingServer(httpServer, options);
  mountOperations(app, signaling);
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
