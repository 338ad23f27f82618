// Your own preview, small in a corner of the stage: dragged (touch or mouse,
// pointer events) it lands in the nearest corner; focused, the arrow keys
// move it to the corner that way. It never covers the middle of the other
// person's picture.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '../internal/localize.js';

export type Corner = 'top-start' | 'top-end' | 'bottom-start' | 'bottom-end';

export class SelfView implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  /** Where the preview sits (logical: `start` is the left in a left-to-right page). */
  corner: Corner = 'bottom-end';
  /** While dragged: the offset from where the drag began, in px. */
  #drag?: { id: number; x: number; y: number; dx: number; dy: number };

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** The preview's name, saying how to move it. */
  label(): string {
    return msg('Your camera (the arrow keys move it to another corner)', { id: 'call.self-view' });
  }

  readonly down = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const el = event.currentTarget as HTMLElement;
    el.setPointerCapture(event.pointerId);
    this.#drag = { id: event.pointerId, x: event.clientX, y: event.clientY, dx: 0, dy: 0 };
  };

  readonly move = (event: PointerEvent): void => {
    const drag = this.#drag;
    if (!drag || drag.id !== event.pointerId) return;
    drag.dx = event.clientX - drag.x;
    drag.dy = event.clientY - drag.y;
    // Through the CSSOM, not a style attribute (nor lit's styleMap, whose
    // first render writes one): a page's CSP may refuse inline style
    // attributes (style-src-attr) but never the CSSOM.
    const el = event.currentTarget as HTMLElement;
    el.style.setProperty('translate', `${drag.dx}px ${drag.dy}px`);
    el.style.setProperty('transition', 'none');
    this.#host.requestUpdate();
  };

  readonly up = (event: PointerEvent): void => {
    const drag = this.#drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.#drag = undefined;
    const el = event.currentTarget as HTMLElement;
    el.style.removeProperty('translate');
    el.style.removeProperty('transition');
    // Where the pointer was let go, not the last move: a browser may deliver
    // the release before a move it aligned to the next frame.
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    const stage = el.offsetParent as HTMLElement | null;
    if (stage && (Math.abs(dx) > 4 || Math.abs(dy) > 4)) {
      // The corner nearest to where the preview was let go.
      const box = el.getBoundingClientRect();
      const area = stage.getBoundingClientRect();
      const right = box.left + box.width / 2 + dx > area.left + area.width / 2;
      const bottom = box.top + box.height / 2 + dy > area.top + area.height / 2;
      const rtl = getComputedStyle(el).direction === 'rtl';
      this.corner = `${bottom ? 'bottom' : 'top'}-${right !== rtl ? 'end' : 'start'}`;
    }
    this.#host.requestUpdate();
  };

  /** Arrow keys: to the corner that way. */
  readonly key = (event: KeyboardEvent): void => {
    const [vertical, side] = this.corner.split('-') as ['top' | 'bottom', 'start' | 'end'];
    const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
    const toward: Record<string, () => Corner> = {
      ArrowUp: () => `top-${side}`,
      ArrowDown: () => `bottom-${side}`,
      ArrowLeft: () => `${vertical}-${rtl ? 'end' : 'start'}`,
      ArrowRight: () => `${vertical}-${rtl ? 'start' : 'end'}`,
    };
    const next = toward[event.key]?.();
    if (!next) return;
    event.preventDefault();
    this.corner = next;
    this.#host.requestUpdate();
  };
}
