// The "Interests (optional)" field before "Talk to a stranger": chips, up to
// 10, remembered for the next visit (session/interests.ts). Strangers who
// share one are matched first.
import { LitElement, css, html, nothing } from 'lit';
import { define } from '../internal/define.js';
import { msg, str, updateWhenLocaleChanges } from '../internal/localize.js';
import { panelStyles } from '../internal/panel.styles.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { MAX_INTEREST_LENGTH, MAX_INTERESTS, loadInterests, saveInterests } from '../session/interests.js';

/**
 * @summary Interests as removable chips; Enter or a comma adds what was typed.
 *
 * @csspart input - The "Interests (optional)" field.
 * @csspart chip - One interest, with its "Remove …" button.
 */
export class InterestsField extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: inline-flex;
        align-items: center;
        gap: 0.2rem;
        padding-inline-start: 0.7rem;
        border-radius: 999px;
        background: var(--_info-bg);
      }
      li button {
        min-height: 2.75rem;
        min-width: 2.75rem;
        padding: 0;
        border-radius: 999px;
        background: transparent;
        color: inherit;
      }
      input {
        font: inherit;
        color: inherit;
        background: var(--_surface-alt);
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) * 0.66);
        padding: 0.6rem 0.75rem;
        min-height: 2.75rem;
      }
    `,
  ];
  static override properties = { value: { attribute: false } };

  /** The interests (cleaned); starts with the ones remembered from the last visit. */
  value: string[] = loadInterests();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render() {
    const full = this.value.length >= MAX_INTERESTS;
    return html`
      <label for="interests">${msg('Interests (optional)', { id: 'interests.label' })}</label>
      ${this.value.length
        ? html`<ul aria-label=${msg('Your interests', { id: 'interests.list' })}>
            ${this.value.map(
              (item) => html`<li part="chip">${item}<button type="button" @click=${() => this.drop(item)}>
                  <span aria-hidden="true">×</span><span class="sr-only">${msg(str`Remove ${item}`, { id: 'interests.remove' })}</span>
                </button></li>`,
            )}
          </ul>`
        : nothing}
      <input
        id="interests"
        part="input"
        autocomplete="off"
        maxlength=${MAX_INTEREST_LENGTH}
        placeholder=${full ? '' : msg('e.g. chess, then Enter', { id: 'interests.placeholder' })}
        aria-describedby="interests-hint"
        ?disabled=${full}
        @keydown=${this.onKey}
        @blur=${this.commit}
      />
      <p id="interests-hint" class="muted">
        ${full
          ? msg(str`That's ${MAX_INTERESTS}, the most you can add.`, { id: 'interests.full' })
          : msg(str`Up to ${MAX_INTERESTS}. Strangers who share one are matched with you first.`, { id: 'interests.hint' })}
      </p>
    `;
  }

  /** Adds what is typed (also called before a search, so a last word not yet entered counts). */
  commit(): void {
    const input = this.renderRoot.querySelector('input');
    const typed = input?.value.split(',') ?? [];
    if (!typed.some((t) => t.trim())) return;
    input!.value = '';
    this.save([...this.value, ...typed]);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      this.commit();
    }
  }

  private drop(item: string): void {
    this.save(this.value.filter((v) => v !== item));
    this.renderRoot.querySelector('input')?.focus();
  }

  private save(list: string[]): void {
    this.value = saveInterests(list);
  }
}

define('roulette-interests', InterestsField);

declare global {
  interface HTMLElementTagNameMap {
    'roulette-interests': InterestsField;
  }
}
