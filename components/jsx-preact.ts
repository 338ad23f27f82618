// JSX intrinsic elements for Preact (package entry "roulette-calls/jsx-preact"):
//   import type {} from 'roulette-calls/jsx-preact';
// Each element's own props — every attribute, property and `on<event>`
// handler — come from generated/jsx-elements.ts (@wc-toolkit/jsx-types, from
// custom-elements.json at build time); Preact's props for any element from
// Preact's types.
import type { JSX as PreactJSX } from 'preact';
import type { CustomElements } from './generated/jsx-elements.js';

type PreactHtmlProps<Tag extends keyof CustomElements> = PreactJSX.HTMLAttributes<HTMLElementTagNameMap[Tag]>;

/** Each element's props in Preact's JSX: its own and Preact's for any element. */
export type RoulettePreactElements = {
  [Tag in keyof CustomElements]: Omit<CustomElements[Tag], keyof PreactHtmlProps<Tag>> & PreactHtmlProps<Tag>;
};

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements extends RoulettePreactElements {}
  }
}

/** Each element's own props (attributes, properties, event handlers) by tag. */
export type { CustomElements as RouletteElementProps } from './generated/jsx-elements.js';
