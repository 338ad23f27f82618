// JSX intrinsic elements for React 19 (package entry "roulette-calls/jsx-react"):
//   import type {} from 'roulette-calls/jsx-react';
// Each element's own props — every attribute, property and `on<event>`
// handler — come from generated/jsx-elements.ts (@wc-toolkit/jsx-types, from
// custom-elements.json at build time); React's props for any element
// (className, style, ref, aria-…) from React's types. React 19 sets a prop
// the element has as a property and listens to `onroulette-…` as the
// `roulette-…` event. The elements' CSS custom properties are typed in
// `style` too.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CustomCssProperties, CustomElements } from './generated/jsx-elements.js';

type ReactHtmlProps<Tag extends keyof CustomElements> = DetailedHTMLProps<
  HTMLAttributes<HTMLElementTagNameMap[Tag]>,
  HTMLElementTagNameMap[Tag]
>;

/** Each element's props in React's JSX: its own and React's for any element. */
export type RouletteReactElements = {
  [Tag in keyof CustomElements]: Omit<CustomElements[Tag], keyof ReactHtmlProps<Tag>> & ReactHtmlProps<Tag>;
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements extends RouletteReactElements {}
  }
  /** The elements' CSS custom properties (--roulette-accent…) in `style={{ … }}`. */
  interface CSSProperties extends CustomCssProperties {}
}

/** Each element's own props (attributes, properties, event handlers) by tag. */
export type { CustomElements as RouletteElementProps } from './generated/jsx-elements.js';
