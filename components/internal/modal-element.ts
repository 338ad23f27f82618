// ModalElement: the base of the lazily loaded safety dialogs (consent,
// block, report): a native modal <dialog> — focus is trapped and returned,
// Escape cancels — whose answer is a promise.
import { LitElement, html, type TemplateResult } from 'lit';
import { dialogStyles } from './dialog.styles.js';
import { msg, updateWhenLocaleChanges } from './localize.js';
import { sharedStyles } from './shared.styles.js';

export abstract class ModalElement<T> extends LitElement {
  static override styles = [sharedStyles, dialogStyles];

  #answer?: (value: T | undefined) => void;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** The dialog's content: a `<form method="dialog">` calling `settle()`. */
  protected abstract renderContent(): TemplateResult;

  override render() {
    return this.renderDialog(this.renderContent());
  }

  /** Shows the dialog; resolves with what `settle()` gets (`undefined`: cancelled). */
  protected async open(): Promise<T | undefined> {
    this.#answer?.(undefined);
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')!.showModal();
    return new Promise<T | undefined>((resolve) => (this.#answer = resolve));
  }

  /** Closes the dialog with an answer (none: cancelled). */
  protected settle(value?: T): void {
    const answer = this.#answer;
    this.#answer = undefined;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    answer?.(value);
  }

  /** The dialog's buttons: `label` submits the form, "Cancel" closes it unanswered. */
  protected renderButtons(label: string, kind = '') {
    return html`<div class="row">
      <button class=${kind} type="submit">${label}</button>
      <button class="secondary" type="button" @click=${() => this.settle()}>${msg('Cancel', { id: 'dialog.cancel' })}</button>
    </div>`;
  }

  private renderDialog(content: TemplateResult) {
    // Escape, or close() from anywhere: cancelled (a settled answer is not changed by it).
    return html`<dialog aria-labelledby="dialog-title" @close=${() => this.settle()}>${content}</dialog>`;
  }
}

/**
 * Shows a modal of `tag` inside `host`'s shadow root (so it inherits the
 * theme), runs `ask` on it, and removes it once answered.
 */
export async function askIn<E extends HTMLElement, T>(host: HTMLElement, tag: string, ask: (modal: E) => Promise<T>): Promise<T> {
  const modal = document.createElement(tag) as E;
  (host.shadowRoot ?? host).append(modal);
  try {
    return await ask(modal);
  } finally {
    modal.remove();
  }
}
