// Defines <roulette-session> alone (package entry "roulette-calls/roulette-session.js").
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteSessionElement } from '../roulette-session/roulette-session.js';

attachContextRoot();
define('roulette-session', RouletteSessionElement);

export { RouletteSessionElement };
