// Defines <roulette-call> alone (package entry "roulette-calls/roulette-call.js").
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteCall } from '../roulette-call/roulette-call.js';

attachContextRoot();
define('roulette-call', RouletteCall);

export { RouletteCall };
