// The CDN bundle's entry (dist/roulette.js, rollup.config.mjs): first screen
// first. What the login needs — <roulette-session>, <roulette-login>, the
// session and signaling — is in this file; <roulette-lobby> and
// <roulette-call> are chunks of their own (dist/roulette-lobby-*.js,
// dist/roulette-call-*.js), fetched as soon as the login has painted and
// the page is idle, before anyone could have typed a name and connected.
// Markup already on the page upgrades when they arrive. Their classes are
// `customElements.get('roulette-lobby')` / `('roulette-call')` here; the npm
// package's entry (index.ts) still exports them directly.
import { attachContextRoot, define } from './internal/define.js';
import { RouletteLogin } from './roulette-login/roulette-login.js';
import { RouletteSessionElement } from './roulette-session/roulette-session.js';

attachContextRoot();
define('roulette-session', RouletteSessionElement);
define('roulette-login', RouletteLogin);

function loadTheRest(): void {
  void import('./roulette-lobby/roulette-lobby.js').then(({ RouletteLobby }) => define('roulette-lobby', RouletteLobby));
  void import('./roulette-call/roulette-call.js').then(({ RouletteCall }) => define('roulette-call', RouletteCall));
  void import('./roulette-devices/roulette-devices.js').then(({ RouletteDevices }) => define('roulette-devices', RouletteDevices));
}

// After the first paint (a frame, then a task), when the main thread is idle;
// a page in the background (no frames) still gets them within a second.
const idle = (work: () => void) => ('requestIdleCallback' in globalThis ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work, 0));
let started = false;
const start = () => {
  if (started) return;
  started = true;
  idle(loadTheRest);
};
requestAnimationFrame(() => setTimeout(start, 0));
setTimeout(start, 1000);

export { sessionContext } from './context.js';
export type * from './events.js';
export { RouletteLogin, RouletteSessionElement };
// Types only (nothing loaded): the lazily defined elements' classes.
export type { RouletteCall } from './roulette-call/roulette-call.js';
export type { RouletteBackground } from './roulette-background/roulette-background.js';
export type { RouletteDevices } from './roulette-devices/roulette-devices.js';
export type { RouletteLobby } from './roulette-lobby/roulette-lobby.js';
export { PeerSession } from './session/peer-session.js';
export {
  RouletteSession,
  type CallEndReason,
  type Notice,
  type Phase,
  type RouletteSessionOptions,
  type SessionState,
} from './session/session.js';
export type { ChatMessage } from './session/call-channel.js';
export type { CallStats } from './session/call-stats.js';
export type { DeviceChoice } from './session/devices.js';
export { SignalingClient } from './session/signaling-client.js';
export { SignalingError, type SignalingErrorCode } from './session/signaling-error.js';
