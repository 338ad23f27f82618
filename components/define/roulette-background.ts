// Defines <roulette-background> alone (package entry "roulette-calls/roulette-background.js").
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteBackground } from '../roulette-background/roulette-background.js';

attachContextRoot();
define('roulette-background', RouletteBackground);

export { RouletteBackground };
