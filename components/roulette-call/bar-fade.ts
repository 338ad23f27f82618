// The control bar fades after a few seconds without input while the call
// covers the screen (phone, full screen), and comes back on a tap, a mouse
// move or keyboard focus. It never fades while something in the call view
// has focus or a menu or sheet is open: a keyboard user never loses it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Without input for this long, the bar fades. */
export const FADE_AFTER_MS = 4000;

export interface BarFadeHost extends ReactiveControllerHost, HTMLElement {
  /** Whether the bar may fade now (the call covers the screen, nothing is open). */
  readonly mayFade: boolean;
}

export class BarFade implements ReactiveController {
  readonly #host: BarFadeHost;
  #timer?: ReturnType<typeof setTimeout>;
  /** The bar is shown. */
  awake = true;

  constructor(host: BarFadeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of ['pointerdown', 'pointermove', 'keydown', 'focusin']) this.#host.addEventListener(type, this.wake);
    this.wake();
  }

  hostDisconnected(): void {
    for (const type of ['pointerdown', 'pointermove', 'keydown', 'focusin']) this.#host.removeEventListener(type, this.wake);
    clearTimeout(this.#timer);
  }

  /** Shows the bar and starts the count again. */
  readonly wake = (): void => {
    clearTimeout(this.#timer);
    if (!this.awake) {
      this.awake = true;
      this.#host.requestUpdate();
    }
    this.#timer = setTimeout(this.#fade, FADE_AFTER_MS);
  };

  readonly #fade = (): void => {
    // Keyboard focus inside the call view (the bar, a menu, the chat) keeps the bar.
    const active = this.#host.shadowRoot?.activeElement;
    const focused = !!active && active.matches(':focus-visible');
    if (!this.#host.mayFade || focused) return void (this.#timer = setTimeout(this.#fade, FADE_AFTER_MS));
    this.awake = false;
    this.#host.requestUpdate();
  };
}
