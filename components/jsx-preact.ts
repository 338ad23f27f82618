// JSX intrinsic elements for Preact (package entry "roulette-calls/jsx-preact"):
//   import type {} from 'roulette-calls/jsx-preact';
import type { JSX as PreactJSX } from 'preact';
import type { RouletteElementProps } from './frameworks.js';

type PreactProps<Tag extends keyof RouletteElementProps> = PreactJSX.HTMLAttributes<HTMLElementTagNameMap[Tag]> &
  RouletteElementProps[Tag];

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'roulette-session': PreactProps<'roulette-session'>;
      'roulette-login': PreactProps<'roulette-login'>;
      'roulette-lobby': PreactProps<'roulette-lobby'>;
      'roulette-call': PreactProps<'roulette-call'>;
      'roulette-devices': PreactProps<'roulette-devices'>;
    }
  }
}

export type { RouletteElementProps };
