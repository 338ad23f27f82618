// The npm package's entry (lib/components/index.js): defines every element
// once and exports the classes for pages that drive Roulette from code. The
// CDN bundle (dist/roulette.js) starts from cdn.ts instead, which defines
// the login first and fetches the lobby and the call view after the first
// paint. The rarely used "Camera and microphone" chooser is a chunk of its
// own here too (its class is `customElements.get('roulette-devices')`), and
// so are the ring tones and notifications (roulette-session.ts).
import { attachContextRoot, define } from './internal/define.js';
import { RouletteCall } from './roulette-call/roulette-call.js';
import { RouletteLobby } from './roulette-lobby/roulette-lobby.js';
import { RouletteLogin } from './roulette-login/roulette-login.js';
import { RouletteSessionElement } from './roulette-session/roulette-session.js';

attachContextRoot();
define('roulette-session', RouletteSessionElement);
define('roulette-login', RouletteLogin);
define('roulette-lobby', RouletteLobby);
define('roulette-call', RouletteCall);

void import('./roulette-devices/roulette-devices.js').then(({ RouletteDevices }) => define('roulette-devices', RouletteDevices));

export { sessionContext } from './context.js';
export type * from './events.js';
export { RouletteCall, RouletteLobby, RouletteLogin, RouletteSessionElement };
// The chooser's class as a type: its module's HTMLElementTagNameMap entry
// comes along, so `createElement('roulette-devices')` is typed like the others.
export type { RouletteBackground } from './roulette-background/roulette-background.js';
export type { RouletteDevices } from './roulette-devices/roulette-devices.js';
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
