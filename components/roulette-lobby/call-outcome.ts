// How a call ended, said where the person acts next: the lobby's notice
// under "Username to call" gets how long the call lasted ("Lasted 2:14."),
// and a call by name offers "Call again". A chunk of its own, loaded with
// the lobby (its styles join the lobby's).
import { css, html, nothing } from 'lit';
import { msg, str } from '../internal/localize.js';
import type { Notice, SessionState } from '../session/state.js';

/** The outcome's box: the notice and "Call again", none while there is neither. */
export const outcomeStyles = css`
  .outcome {
    display: grid;
    gap: 0.5rem;
  }
  .outcome:not(:has(.notice:not(:empty), button)) {
    display: none;
  }
`;

/** 02:14, or 01:02:14 after an hour: as the call view counted it. */
export const clock = (ms: number): string => new Date(ms).toISOString().slice(ms >= 3_600_000 ? 11 : 14, 19);

/** Follows a lobby's snapshots and remembers the call that just ended while its outcome is shown. */
export class CallOutcome {
  #ended?: { peer: string; matched: boolean; ms: number; before?: Notice };

  /** Who the call that just ended was with (after a call by name only: random matches are not called again). */
  get again(): string | undefined {
    return this.#ended?.matched ? undefined : this.#ended?.peer;
  }

  /** Sees each snapshot: a call turned into idle is remembered; leaving idle forgets it. */
  follow(previous: SessionState | undefined, now: SessionState): void {
    if (previous?.phase === 'in-call' && now.phase === 'idle' && previous.peer) {
      const ms = Date.now() - (previous.since ?? Date.now());
      // The notice of the call itself (updates may come batched: the one saying how it ended may be here already).
      this.#ended = { peer: previous.peer, matched: previous.matched, ms, before: previous.notice };
    } else if (now.phase !== 'idle') this.#ended = undefined;
  }

  /** "Lasted 02:14.", added to the notice that says how a call by name ended (a stranger's is one of many). */
  lasted(notice: Notice | undefined): string | undefined {
    const ended = this.#ended;
    return ended && !ended.matched && notice && notice !== ended.before ? msg(str`Lasted ${clock(ended.ms)}.`, { id: 'lobby.lasted' }) : undefined;
  }

  /** "Call again" after a call by name ended; `call` places the call. */
  renderAgain(call: (peer: string) => void) {
    const peer = this.again;
    return peer
      ? html`<div class="row">
          <button part="call-again-button" class="secondary" type="button" @click=${() => call(peer)}>${msg('Call again', { id: 'lobby.call-again' })}</button>
        </div>`
      : nothing;
  }
}
