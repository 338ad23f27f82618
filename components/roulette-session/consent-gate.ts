// The consent gate: the terms, "I agree" and (when the host asks) an age
// statement, before a person's first stranger search. A chunk of its own,
// loaded only by `<roulette-session consent>` when a search is asked for.
import { css, html, nothing } from 'lit';
import { define } from '../internal/define.js';
import { msg, str } from '../internal/localize.js';
import { ModalElement } from '../internal/modal-element.js';

/** localStorage is per site (origin): the answer is remembered for this site only. */
const KEY = 'roulette-consent';

/** The age stated when agreeing (0: none asked), or undefined when never agreed here. */
function remembered(): number | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return value === null ? undefined : Number(value) || 0;
  } catch {
    return undefined;
  }
}

function remember(age: number): void {
  try {
    localStorage.setItem(KEY, String(age));
  } catch {
    // storage blocked: asked again next time
  }
}

/**
 * @summary The "Before you meet strangers" dialog: the slotted terms, an
 * "I agree" checkbox, an optional "I am N or older" checkbox, "Continue"
 * and "Cancel".
 */
export class ConsentGate extends ModalElement<true> {
  static override styles = [
    ...ModalElement.styles,
    css`
      .terms {
        max-height: 40vh;
        overflow: auto;
      }
    `,
  ];
  static override properties = { age: { state: true }, missing: { state: true } };

  private age = 0;
  private missing = false;

  /** Asks (or, when this site already agreed to as much, resolves `true` at once). */
  async ask(age = 0): Promise<boolean> {
    const known = remembered();
    if (known !== undefined && known >= age) return true;
    this.age = age;
    this.missing = false;
    return (await this.open()) === true;
  }

  protected renderContent() {
    return html`<form method="dialog" novalidate @submit=${this.onSubmit}>
      <h2 id="dialog-title">${msg('Before you meet strangers', { id: 'consent.heading' })}</h2>
      <div class="terms" id="consent-terms"><slot></slot></div>
      <label class="check"><input type="checkbox" name="agree" aria-describedby="consent-terms" /> ${msg('I agree', { id: 'consent.agree' })}</label>
      ${this.age ? html`<label class="check"><input type="checkbox" name="age" /> ${msg(str`I am ${this.age} or older`, { id: 'consent.age' })}</label>` : nothing}
      <p class="notice" role="alert">${this.missing
        ? this.age
          ? msg(str`Tick “I agree” and “I am ${this.age} or older” to continue.`, { id: 'consent.missing-age' })
          : msg('Tick “I agree” to continue.', { id: 'consent.missing' })
        : ''}</p>
      ${this.renderButtons(msg('Continue', { id: 'consent.continue' }))}
    </form>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const ticked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? true;
    if (!ticked('agree') || !ticked('age')) {
      this.missing = true;
      return;
    }
    remember(this.age);
    this.settle(true);
  }
}

define('roulette-consent-gate', ConsentGate);

declare global {
  interface HTMLElementTagNameMap {
    'roulette-consent-gate': ConsentGate;
  }
}
