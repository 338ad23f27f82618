import { createContext } from '@lit/context';
import type { RouletteSession } from './session/session.js';

/** The session shared by every Roulette element under a `<roulette-session>`. */
export const sessionContext = createContext<RouletteSession | undefined>(Symbol('roulette-session'));
