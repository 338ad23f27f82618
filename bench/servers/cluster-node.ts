// One process of a cluster under test: the whole server on a free port,
// sharing the Redis at REDIS_URL, relaying through the adapter named by
// BENCH_ADAPTER (`sharded`, the default, or `classic`).
import { listen } from '../../server/http/listen.js';
import { serveUnderTest } from './harness.js';

const adapter = process.env.BENCH_ADAPTER === 'classic' ? 'classic' : 'sharded';
await serveUnderTest(
  async () => (await listen({ port: 0, host: '127.0.0.1', redisUrl: process.env.REDIS_URL, cluster: { adapter } })).port,
);
