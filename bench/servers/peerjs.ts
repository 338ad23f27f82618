// PeerJS's server (`peer` from npm) under test, as its README starts it.
// `concurrent_limit` (default 5,000) is raised so 10,000 users fit.
import type { AddressInfo } from 'node:net';
import { PeerServer } from 'peer';
import { serveUnderTest } from './harness.js';

await serveUnderTest(
  () =>
    new Promise<number>((resolve) => {
      PeerServer({ port: 0, host: '127.0.0.1', concurrent_limit: 1_000_000 }, (server) =>
        resolve((server.address() as AddressInfo).port),
      );
    }),
);
