// "Block …?": the confirmation before a block, saying what it does. A chunk
// of its own, loaded the first time someone presses "Block".
import { html } from 'lit';
import { define } from './define.js';
import { msg, str } from './localize.js';
import { ModalElement, askIn } from './modal-element.js';

/**
 * @summary Confirms a block: "Block alice?" with what it does, "Block alice"
 * and "Cancel".
 */
export class BlockConfirm extends ModalElement<true> {
  static override properties = { name: { state: true }, during: { state: true } };

  private name = '';
  private during: 'incoming' | 'call' = 'call';

  async ask(name: string, during: 'incoming' | 'call'): Promise<boolean> {
    this.name = name;
    this.during = during;
    return (await this.open()) === true;
  }

  protected renderContent() {
    const { name } = this;
    return html`<form method="dialog" @submit=${(e: Event) => (e.preventDefault(), this.settle(true))}>
      <h2 id="dialog-title">${msg(str`Block ${name}?`, { id: 'block.heading' })}</h2>
      <p>
        ${this.during === 'incoming'
          ? msg(
              str`Their call is declined, and ${name} can't call you or be matched with you again while you are signed in. They are not told that you blocked them. You can unblock them in the lobby.`,
              { id: 'block.body-incoming' },
            )
          : msg(
              str`The call ends, and ${name} can't call you or be matched with you again while you are signed in. They are not told that you blocked them. You can unblock them in the lobby.`,
              { id: 'block.body-call' },
            )}
      </p>
      ${this.renderButtons(msg(str`Block ${name}`, { id: 'block.confirm' }), 'danger')}
    </form>`;
  }
}

define('roulette-block-confirm', BlockConfirm);

/** Asks, in a dialog inside `host`, whether to block `name`; resolves true when confirmed. */
export function confirmBlock(host: HTMLElement, name: string, during: 'incoming' | 'call'): Promise<boolean> {
  return askIn<BlockConfirm, boolean>(host, 'roulette-block-confirm', (modal) => modal.ask(name, during));
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-block-confirm': BlockConfirm;
  }
}
