// Defines <roulette-lobby> (package entry "roulette-calls/roulette-lobby.js"),
// and <roulette-devices>, which it shows.
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteDevices } from '../roulette-devices/roulette-devices.js';
import { RouletteLobby } from '../roulette-lobby/roulette-lobby.js';

attachContextRoot();
define('roulette-lobby', RouletteLobby);
define('roulette-devices', RouletteDevices);

export { RouletteLobby };
