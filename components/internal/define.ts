import { ContextRoot } from '@lit/context';

const ROOT_FLAG = Symbol.for('roulette.context-root');

/**
 * Registers a tag once: loading the bundle twice (two script tags, a CDN copy
 * and a local one) keeps the first definition instead of throwing.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

/**
 * A `ContextRoot` on the document lets consumers that asked before their
 * provider was upgraded (markup parsed before the script ran) get the value
 * once it is. Attached once per page.
 */
export function attachContextRoot(): void {
  const holder = document as Document & { [ROOT_FLAG]?: true };
  if (holder[ROOT_FLAG]) return;
  holder[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}
