// The call's text chat: the log and the message field beside the video. A
// chunk of its own (most calls never type a word), rendered by
// <roulette-call> once it has arrived, with its styles adopted then.
import { css, html, nothing } from 'lit';
import type { RouletteSession } from '../session/session.js';
import type { SessionState } from '../session/state.js';

export const chatStyles = css`
  .chat {
    display: grid;
    grid-template-rows: 1fr auto;
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
    content: 'No messages yet.';
    color: var(--_muted);
  }

  .chat button {
    min-width: 0;
  }
`;

/** The chat section for `state`; sending goes through `session`. */
export function renderChat(state: SessionState, session: RouletteSession | undefined) {
  const { peer, messages, chatClosed } = state;
  const send = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector('input')!;
    session?.sendMessage(input.value);
    input.value = '';
  };
  return html`<section class="chat" part="chat" aria-label="Chat">
    <div class="log" part="chat-log" role="log" aria-label="Messages" tabindex="0">${(messages ?? []).map(
      (m) => html`<p><b>${m.mine ? 'You' : peer}:</b> ${m.text}</p>`,
    )}${chatClosed ? html`<p class="muted">${peer} left the chat.</p>` : nothing}</div>
    <form class="row" @submit=${send}>
      <label class="sr-only" for="message">Message</label>
      <input id="message" part="chat-input" autocomplete="off" maxlength="1000" placeholder="Message" ?disabled=${!!chatClosed} />
      <button part="send-button" type="submit" ?disabled=${!!chatClosed}>Send</button>
    </form>
  </section>`;
}
