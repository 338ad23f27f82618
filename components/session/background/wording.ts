// The background effect's sentences (ids "background.*", translated in every
// components/locales/ file, in its "// background" block).
import { msg } from '../../internal/localize.js';
import type { Notice } from '../state.js';
import { error, info } from '../wording.js';

/** Why the effect stopped: its runtime did not load, or the device could not keep up. */
export type BackgroundFailure = 'load' | 'slow';

/** The camera was turned off because the effect stopped: the room is not sent unblurred. */
export function backgroundNotice(reason: BackgroundFailure): Notice {
  return reason === 'load'
    ? error('background-failed', () =>
        msg('Your background could not be changed, so your camera is off. Turn it on to show your room as it is, or choose another background.', {
          id: 'background.failed',
        }),
      )
    : error('background-slow', () =>
        msg('This device cannot keep up with the background effect, so your camera is off. Turn it on to show your room as it is, or choose no effect.', {
          id: 'background.slow',
        }),
      );
}

/** The effect went on at a smaller size. */
export const REDUCED = (): Notice => info('background-reduced', () =>
    msg('Your background effect now uses a smaller picture so this device keeps up.', { id: 'background.reduced' }),
  );

export const labels = {
  legend: () => msg('Background', { id: 'background.legend' }),
  none: () => msg('None', { id: 'background.none' }),
  blur: () => msg('Blur', { id: 'background.blur' }),
  loading: () => msg('Preparing the background effect…', { id: 'background.loading' }),
};
