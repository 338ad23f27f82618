// The connection-level suites of protocol v2 again, in the second setup: two
// servers sharing a real redis-server, clients round-robin over both (as
// server/test/cluster-suite.test.ts does for the call suites; a file of its own
// so the two run in parallel).
import { after, describe } from 'node:test';
import { stopTestRedis } from './helpers.js';

process.env.ROULETTE_TEST_SETUP = 'cluster';
after(stopTestRedis);

for (const suite of ['connection-rules', 'identity-tokens']) {
  describe(`${suite} (cluster)`, async () => {
    await import(`./${suite}.test.js`);
  });
}
