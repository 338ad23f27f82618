#!/usr/bin/env node
// Entry point for `npm start`: configuration from the environment, then listen.
import { ConfigError, loadConfig, type Config } from './config.js';
import { jsonLogger, silentLogger } from './log.js';
import { listen } from './listen.js';
import { describeAllowedOrigins } from './origins.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`roulette: ${error.message}`);
  process.exit(1);
}

const logger = config.logLevel === 'silent' ? silentLogger : jsonLogger();
const server = await listen({ ...config, logger }).catch((error: NodeJS.ErrnoException) => {
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
