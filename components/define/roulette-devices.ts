// Defines <roulette-devices> alone (package entry "roulette-calls/roulette-devices.js").
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteDevices } from '../roulette-devices/roulette-devices.js';

attachContextRoot();
define('roulette-devices', RouletteDevices);

export { RouletteDevices };
