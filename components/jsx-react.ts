// JSX intrinsic elements for React 19 (package entry "roulette-calls/jsx-react"):
//   import type {} from 'roulette-calls/jsx-react';
// React 19 sets these as properties on the element and listens to
// `onroulette-…` props as the `roulette-…` events.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { RouletteElementProps } from './frameworks.js';

type ReactProps<Tag extends keyof RouletteElementProps> = DetailedHTMLProps<
  HTMLAttributes<HTMLElementTagNameMap[Tag]>,
  HTMLElementTagNameMap[Tag]
> &
  RouletteElementProps[Tag];

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'roulette-session': ReactProps<'roulette-session'>;
      'roulette-login': ReactProps<'roulette-login'>;
      'roulette-lobby': ReactProps<'roulette-lobby'>;
      'roulette-call': ReactProps<'roulette-call'>;
      'roulette-devices': ReactProps<'roulette-devices'>;
    }
  }
}

export type { RouletteElementProps };
