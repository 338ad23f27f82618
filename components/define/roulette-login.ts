// Defines <roulette-login> alone (package entry "roulette-calls/roulette-login.js").
import { attachContextRoot, define } from '../internal/define.js';
import { RouletteLogin } from '../roulette-login/roulette-login.js';

attachContextRoot();
define('roulette-login', RouletteLogin);

export { RouletteLogin };
