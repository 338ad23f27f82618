// Where the call sits: in the host's box (`inline`), or over the whole
// viewport (`viewport`: edge to edge, 100dvh, safe-area insets, the page
// behind it not scrolling). `auto` takes the viewport on a narrow or short
// window and on a touch screen, and stays inline on a desktop. A controller:
// <roulette-call> reflects `fills` for its styles, and the page's scroll is
// locked only while the call shows and fills, then given back as it was.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `layout` values: `auto` (default), `viewport` (always the whole window), `inline` (the host's box). */
export type CallLayoutMode = 'auto' | 'viewport' | 'inline';

/** Where `auto` takes the viewport: a phone upright or on its side, or a touch screen. */
export const FILL_QUERY = '(max-width: 47.99rem), (max-height: 30rem), (pointer: coarse)';

export interface CallLayoutHost extends ReactiveControllerHost, HTMLElement {
  layout?: string;
  /** The call is on screen (the element shows something). */
  readonly shows: boolean;
}

/** One lock on the page's scroll, however many calls ask for it. */
const locks = new Set<object>();
let saved: { html: string; body: string } | undefined;

function lockScroll(owner: object, on: boolean): void {
  const had = locks.size > 0;
  if (on) locks.add(owner);
  else locks.delete(owner);
  const root = document.documentElement;
  if (!had && locks.size > 0) {
    saved = { html: root.style.overflow, body: document.body.style.overflow };
    root.style.overflow = 'hidden';
    document.body.style.overflow = 'hidden';
  } else if (had && locks.size === 0 && saved) {
    root.style.overflow = saved.html;
    document.body.style.overflow = saved.body;
    saved = undefined;
  }
}

export class CallLayout implements ReactiveController {
  readonly #host: CallLayoutHost;
  readonly #query = typeof matchMedia === 'function' ? matchMedia(FILL_QUERY) : undefined;

  constructor(host: CallLayoutHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The call covers the viewport now (by `layout`, or by `auto` on this screen). */
  get fills(): boolean {
    const mode = this.#host.layout;
    if (mode === 'viewport') return true;
    if (mode === 'inline') return false;
    return !!this.#query?.matches;
  }

  hostConnected(): void {
    this.#query?.addEventListener('change', this.#changed);
  }

  hostDisconnected(): void {
    this.#query?.removeEventListener('change', this.#changed);
    lockScroll(this, false);
  }

  hostUpdated(): void {
    const fills = this.fills && this.#host.shows;
    this.#host.toggleAttribute('fills', fills);
    lockScroll(this, fills);
  }

  readonly #changed = (): void => this.#host.requestUpdate();
}
