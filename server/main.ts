#!/usr/bin/env node
// Entry point for `npm start`: configuration from the environment, then listen.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_WARNING } from './identity/demo-tokens.js';
import { jsonLogger, silentLogger } from './log.js';
import { listen } from './http/listen.js';
import { describeAllowedOrigins } from './signaling/origins.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`roulette: ${error.message}`);
  process.exit(1);
}

// DEMO ONLY: `--demo-tokens` lets the example page sign anyone in as any name (server/identity/demo-tokens.ts).
const demoTokens = process.argv.includes('--demo-tokens');
if (demoTokens) {
  if (!config.authSecret && !config.authPublicKeyFile) config = { ...config, authSecret: randomBytes(32).toString('base64url') };
  if (!config.authSecret) {
    console.error('roulette: --demo-tokens signs with AUTH_SECRET (HS256); it cannot be used with AUTH_PUBLIC_KEY_FILE.');
    process.exit(1);
  }
  console.error(`\n${'!'.repeat(78)}\n${DEMO_WARNING}\n${'!'.repeat(78)}\n`);
}

const logger = config.logLevel === 'silent' ? silentLogger : jsonLogger();
const server = await listen({ ...config, logger, demoTokens }).catch((error: NodeJS.ErrnoException) => {
  console.error(`roulette: cannot listen on ${config.host ?? '*'}:${config.port} (${error.code ?? error.message}).`);
  process.exit(1);
});
logger.info('server.listening', {
  url: server.url,
  port: server.port,
  corsOrigins: config.corsOrigins === '*' ? '*' : config.corsOrigins.join(' '),
});
console.error(`Roulette is running: open ${server.url}`);
console.error(describeAllowedOrigins(config.corsOrigins));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C means now
    stopping = true;
    logger.info('server.stopping', { signal });
    // Never hang on a stuck client: leave within a few seconds regardless.
    setTimeout(() => process.exit(0), 4000).unref();
    server.close().then(() => process.exit(0));
  });
}
