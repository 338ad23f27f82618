// The names you blocked, each with "Unblock", in the lobby. A chunk of its
// own: loaded only once you have blocked someone.
import { LitElement, css, html } from 'lit';
import { define } from '../internal/define.js';
import { msg, str, updateWhenLocaleChanges } from '../internal/localize.js';
import { panelStyles } from '../internal/panel.styles.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { RouletteSession } from '../session/session.js';

/**
 * @summary "Blocked (N)": a disclosure listing the names you blocked, with
 * an "Unblock" button each (accessible name "Unblock <name>").
 */
export class BlockedList extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      li span {
        overflow-wrap: anywhere;
      }
      li button {
        flex: none;
      }
    `,
  ];
  static override properties = { names: { attribute: false }, session: { attribute: false } };

  /** The blocked names. */
  names: readonly string[] = [];
  /** The session that unblocks. */
  session?: RouletteSession;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render() {
    return html`<details>
      <summary>${msg(str`Blocked (${this.names.length})`, { id: 'blocked.summary' })}</summary>
      <ul aria-label=${msg('Blocked people', { id: 'blocked.label' })}>
        ${this.names.map(
          (name) => html`<li>
            <span>${name}</span>
            <button class="secondary" type="button" aria-label=${msg(str`Unblock ${name}`, { id: 'blocked.unblock-name' })} @click=${() => this.session?.unblock(name)}>
              ${msg('Unblock', { id: 'blocked.unblock' })}
            </button>
          </li>`,
        )}
      </ul>
    </details>`;
  }
}

define('roulette-blocked-list', BlockedList);

declare global {
  interface HTMLElementTagNameMap {
    'roulette-blocked-list': BlockedList;
  }
}
