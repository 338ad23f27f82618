// The server as a library (package entry "roulette-calls/server"): mount the
// signaling on your own HTTP server with `createSignalingServer`, or start
// the whole server (pages, bundle, signaling, /healthz) with `listen`.
export { createApp, type AppOptions } from './http/app.js';
export { ConfigError, loadConfig, type Config } from './config.js';
export { listen, type ListenOptions, type RunningServer } from './http/listen.js';
export { jsonLogger, silentLogger, type LogFields, type Logger } from './log.js';
export { ORIGIN_REFUSED, type OriginRefusedData } from './signaling/origins.js';
export {
  createSignalingServer,
  type SignalingOptions,
  type SignalingServer,
  type SignalingStats,
} from './signaling/server.js';
