// The bundle entry (dist/roulette.js): defines every element once and
// exports the classes for pages that drive Roulette from code.
//
// The core — the session, signaling, <roulette-session> and <roulette-login> —
// is in this file. The lobby, the call view (video, controls, chat, quality
// details) and the "Camera and microphone" chooser are separate chunks
// (dist/roulette-*.js, fetched relative to this file's URL, so a CDN copy
// loads its own): their fetch starts once the core elements are defined, so
// the login renders without waiting for them, and this module finishes
// (top-level await) only when every element is defined.
import { attachContextRoot, define } from './internal/define.js';
import { RouletteLogin } from './roulette-login/roulette-login.js';
import { RouletteSessionElement } from './roulette-session/roulette-session.js';

attachContextRoot();
define('roulette-session', RouletteSessionElement);
define('roulette-login', RouletteLogin);

const [{ RouletteLobby }, { RouletteCall }, { RouletteDevices }] = await Promise.all([
  import('./roulette-lobby/roulette-lobby.js'),
  import('./roulette-call/roulette-call.js'),
  import('./roulette-devices/roulette-devices.js'),
]);
define('roulette-lobby', RouletteLobby);
define('roulette-call', RouletteCall);
define('roulette-devices', RouletteDevices);

export { sessionContext } from './context.js';
export type * from './events.js';
export { RouletteCall, RouletteDevices, RouletteLobby, RouletteLogin, RouletteSessionElement };
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
