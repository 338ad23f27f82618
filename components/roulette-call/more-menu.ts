// "More": the call's rarer actions behind one menu button (WAI-ARIA
// Authoring Practices, "Menu Button" pattern): the button says whether the
// menu is open (`aria-expanded`); in the menu the arrow keys, Home and End
// move focus between its items (roving: one item at a time is tabbable),
// Escape closes it and gives focus back to the button, Tab closes it.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export interface MenuItem {
  /** Its part name (`<name>-item`). */
  part: string;
  label: string;
  run(): void;
  /** Shown only on a narrow bar (the bar has the control itself when wide). */
  narrowOnly?: boolean;
}

export interface MoreMenuHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class MoreMenu implements ReactiveController {
  readonly #host: MoreMenuHost;
  open = false;

  constructor(host: MoreMenuHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('pointerdown', this.#outside, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.#outside, true);
  }

  /** The "More" button. */
  renderButton(label: string, body: TemplateResult): TemplateResult {
    return html`<button
      part="more-button"
      class="ctl"
      type="button"
      id="more-button"
      aria-haspopup="menu"
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-controls=${this.open ? 'more-menu' : nothing}
      title=${label}
      @click=${() => this.toggle(!this.open, 'first')}
      @keydown=${this.#buttonKey}
    >${body}</button>`;
  }

  /** The menu, while open. */
  renderMenu(label: string, items: readonly MenuItem[]): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    return html`<div part="more-menu" class="menu" id="more-menu" role="menu" aria-label=${label} @keydown=${this.#menuKey} @focusout=${this.#focusOut}>
      ${items.map(
        (item) =>
          html`<button part="${item.part}-item" class=${item.narrowOnly ? 'narrow-only' : ''} role="menuitem" type="button" tabindex="-1" @click=${() => this.#run(item)}>${item.label}</button>`,
      )}
    </div>`;
  }

  /** Opens (focusing the first or last item) or closes the menu. */
  async toggle(open: boolean, focus: 'first' | 'last' | 'button' = 'first'): Promise<void> {
    if (open === this.open) return;
    this.open = open;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    if (open) this.#focus(focus === 'last' ? -1 : 0);
    else if (focus === 'button') this.#button?.focus();
  }

  get #button(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('#more-button');
  }

  /** The items a person can see (those for a narrow bar are hidden on a wide one). */
  get #items(): HTMLElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLElement>('#more-menu [role="menuitem"]')].filter((el) => el.getClientRects().length > 0);
  }

  #focus(index: number): void {
    const items = this.#items;
    if (!items.length) return;
    const target = items[(index + items.length) % items.length];
    for (const item of items) item.tabIndex = item === target ? 0 : -1;
    target.focus();
  }

  #run(item: MenuItem): void {
    void this.toggle(false, 'button').then(() => item.run());
  }

  readonly #buttonKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.toggle(true, event.key === 'ArrowUp' ? 'last' : 'first');
    }
  };

  readonly #menuKey = (event: KeyboardEvent): void => {
    const items = this.#items;
    const at = items.indexOf(event.target as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 };
    if (event.key in moves) {
      event.preventDefault();
      this.#focus(moves[event.key]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      void this.toggle(false, 'button');
    } else if (event.key === 'Tab') {
      void this.toggle(false);
    }
  };

  /** Focus left the menu for something else on the page: it closes. */
  readonly #focusOut = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    const menu = event.currentTarget as HTMLElement;
    if (to && !menu.contains(to) && to !== this.#button) void this.toggle(false);
  };

  /** A press outside the menu and its button closes it. */
  readonly #outside = (event: PointerEvent): void => {
    if (!this.open) return;
    const path = event.composedPath();
    const menu = this.#host.renderRoot.querySelector('#more-menu');
    if (!path.includes(menu!) && !path.includes(this.#button!)) void this.toggle(false);
  };
}
