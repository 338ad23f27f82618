// The ringing sheet: an incoming call as a modal sheet — at the bottom of a
// phone's screen, a dialog in the middle of a larger one — with the
// caller's name, a large Decline and Accept, and Block on a row of its own
// (reachable, never a peer of Accept). A chunk of its own, loaded with the
// lobby: its markup is rendered in the lobby's own shadow root (the lobby's
// parts, theme and tests reach it), its styles are added to the lobby's
// when it arrives, with the ringing dots of "Calling …" and "Looking for a
// stranger…" (until then those are empty).
import { css, html, nothing, type ReactiveElement } from 'lit';
import { msg, str } from '../internal/localize.js';
import type { RouletteSession } from '../session/session.js';

export const ringingStyles = css`
  .ringing {
    display: inline-flex;
    gap: 0.3em;
    margin-inline-start: 0.4em;
    vertical-align: middle;
  }

  .ringing span {
    width: 0.4em;
    height: 0.4em;
    border-radius: 50%;
    background: var(--_accent);
    animation: roulette-pulse 1.2s ease-in-out infinite;
  }

  .ringing span:nth-child(2) {
    animation-delay: 0.2s;
  }

  .ringing span:nth-child(3) {
    animation-delay: 0.4s;
  }

  @keyframes roulette-pulse {
    0%,
    80%,
    100% {
      opacity: 0.25;
      transform: scale(0.8);
    }
    40% {
      opacity: 1;
      transform: scale(1);
    }
  }

  .sheet {
    position: fixed;
    inset: auto 0 0 0;
    margin: 0;
    width: 100%;
    max-width: none;
    max-height: 100dvh;
    overflow: auto;
    border: 1px solid var(--_border);
    border-block-end: 0;
    border-radius: var(--_radius) var(--_radius) 0 0;
    padding: 1.5rem 1rem calc(1rem + env(safe-area-inset-bottom, 0px));
    background: var(--_surface);
    color: var(--_text);
    text-align: center;
    box-shadow: 0 -0.5rem 2rem rgb(0 0 0 / 0.25);
  }

  .sheet[open] {
    display: grid;
    gap: 0.75rem;
  }

  .sheet::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  /* A larger screen: a dialog in the middle. */
  @media (min-width: 40rem) and (min-height: 30rem) {
    .sheet {
      inset: 0;
      margin: auto;
      width: min(26rem, calc(100vw - 2rem));
      height: fit-content;
      border-block-end: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 2rem 1.5rem 1.25rem;
    }
  }

  .avatar {
    justify-self: center;
    display: grid;
    place-items: center;
    width: 4.5rem;
    height: 4.5rem;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 2rem;
    font-weight: 700;
    animation: roulette-ring 1.6s ease-out infinite;
  }

  @keyframes roulette-ring {
    0% {
      box-shadow: 0 0 0 0 color-mix(in srgb, var(--_accent) 55%, transparent);
    }
    100% {
      box-shadow: 0 0 0 1.25rem transparent;
    }
  }

  .sheet h2 {
    font-size: 1.4rem;
    overflow-wrap: anywhere;
  }

  .answer {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 1rem;
    margin-block-start: 0.5rem;
  }

  .answer button {
    min-height: 3.5rem;
    font-size: 1.1rem;
    border-radius: 999px;
  }

  /* Block: a quiet text button on its own row, below the answer. */
  .more {
    margin-block-start: 0.25rem;
  }

  .more button {
    background: transparent;
    color: var(--_muted);
    font-weight: 500;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
`;

/**
 * The sheet's markup (the `incoming` part) for `host` (the lobby: the block
 * confirmation opens in it, and it renders again when the browser closed the
 * sheet on its own, e.g. on a repeated Escape): a `<dialog>` that
 * {@link showSheet} opens as a modal. Escape does not decline: a call ends
 * only by Decline, Block, the caller or the ring timing out.
 */
export function renderRingingSheet(host: ReactiveElement, session: RouletteSession | undefined, peer: string, answering: boolean) {
  const block = async (): Promise<void> => {
    const { confirmBlock } = await import('../internal/block-confirm.js');
    if ((await confirmBlock(host, peer, 'incoming')) && session?.state.peer === peer) void session.block(peer);
  };
  return html`<dialog
    part="incoming"
    class="sheet"
    aria-labelledby="incoming-title"
    aria-describedby="incoming-hint"
    @cancel=${(event: Event) => event.preventDefault()}
    @close=${() => host.requestUpdate()}
  >
    <div class="avatar" aria-hidden="true">${[...peer][0]?.toUpperCase()}</div>
    <h2 id="incoming-title">${msg(str`${peer} is calling you`, { id: 'lobby.incoming' })}</h2>
    <p class="muted" id="incoming-hint">
      ${answering ? msg('Starting your camera…', { id: 'lobby.answering' }) : msg('Accept to start a video call.', { id: 'lobby.incoming-hint' })}
    </p>
    <div class="answer">
      <button part="reject-button" class="danger" type="button" @click=${() => session?.reject()}>${msg('Decline', { id: 'lobby.reject' })}</button>
      <button part="accept-button" class="success" type="button" autofocus aria-disabled=${answering ? 'true' : 'false'} @click=${() => answering || session?.accept()}>
        ${msg('Accept', { id: 'lobby.accept' })}
      </button>
    </div>
    ${answering
      ? nothing
      : html`<div class="more">
          <button part="block-button" type="button" @click=${block}>${msg('Block', { id: 'lobby.block' })}</button>
        </div>`}
  </dialog>`;
}

/** Opens the rendered sheet as a modal (focus goes to Accept), if it is not open yet. */
export function showSheet(root: ShadowRoot | HTMLElement): void {
  const dialog = root.querySelector<HTMLDialogElement>('dialog.sheet');
  if (dialog?.isConnected && !dialog.open) dialog.showModal();
}
