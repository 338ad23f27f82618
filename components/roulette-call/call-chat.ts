// The call's text chat, on demand: the log and the message field in a panel
// beside the video on a desktop, a sheet from the bottom on a phone (the
// call's styles place it). A chunk of its own (most calls never type a word),
// rendered by <roulette-call> once it has arrived, with its styles adopted then.
import { css, html, nothing } from 'lit';
import { msg, str } from '../internal/localize.js';
import type { RouletteSession } from '../session/session.js';
import type { SessionState } from '../session/state.js';
import { sheetHead } from './sheet-head.js';

export const chatStyles = css`
  .chat {
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    gap: 0.5rem;
  }

  .log {
    contain: size;
    min-height: 7rem;
    overflow-y: auto;
    display: grid;
    align-content: start;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_surface-alt);
    overflow-wrap: anywhere;
  }

  .log:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .log:empty::before {
    content: attr(data-empty);
    color: var(--_muted);
  }

  .chat button {
    min-width: 0;
  }
`;

export interface ChatPanel {
  /** The panel is shown. */
  open: boolean;
  /** "Close" pressed. */
  close(): void;
  /** Keys in the panel (Escape closes it). */
  keydown(event: KeyboardEvent): void;
}

/** The chat panel for `state`; sending goes through `session`. */
export function renderChat(state: SessionState, session: RouletteSession | undefined, panel: ChatPanel) {
  const { peer, messages, chatClosed } = state;
  const send = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector('input')!;
    session?.sendMessage(input.value);
    input.value = '';
  };
  return html`<section class="chat sheet" part="chat" aria-label=${msg('Chat', { id: 'chat.label' })} ?hidden=${!panel.open} @keydown=${panel.keydown}>
    ${sheetHead(msg('Chat', { id: 'chat.label' }), panel.close)}
    <div class="log" part="chat-log" role="log" aria-label=${msg('Messages', { id: 'chat.log' })} data-empty=${msg('No messages yet.', { id: 'chat.empty' })} tabindex="0">${(messages ?? []).map(
      (m) => html`<p><b>${m.mine ? msg('You', { id: 'chat.you' }) : peer}:</b> ${m.text}</p>`,
    )}${chatClosed ? html`<p class="muted">${msg(str`${peer} left the chat.`, { id: 'chat.closed' })}</p>` : nothing}</div>
    <form class="row" @submit=${send}>
      <label class="sr-only" for="message">${msg('Message', { id: 'chat.message' })}</label>
      <input id="message" part="chat-input" autocomplete="off" maxlength="1000" placeholder=${msg('Message', { id: 'chat.message' })} ?disabled=${!!chatClosed} />
      <button part="send-button" type="submit" ?disabled=${!!chatClosed}>${msg('Send', { id: 'chat.send' })}</button>
    </form>
  </section>`;
}
