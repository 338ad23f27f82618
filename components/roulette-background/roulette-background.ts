import { css, html } from 'lit';
import { SessionElement } from '../internal/session-element.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { backgrounds, loadBackground, type Background } from '../session/background/choice.js';
import { saveBackground } from '../session/background/choice-store.js';
import { labels } from '../session/background/wording.js';
import type { Phase } from '../session/session.js';

/**
 * @tagname roulette-background
 * @summary "Background": none, blur, or one of the site's pictures behind
 * you — before a call (the lobby's camera check) or during one (the call's
 * menu). The choice is remembered for this site; during a call the
 * processed picture replaces your camera's at once. The site sets its
 * default and pictures on `<roulette-session>` (`background`,
 * `backgroundPictures`). A chunk of its own: load it with
 * `import('roulette-calls/roulette-background.js')` (or the element's
 * module) where it is shown.
 *
 * @fires {CustomEvent<{ background: string }>} roulette-background-change - `{ background }` — the person chose a background.
 * @csspart base - The `<fieldset>`.
 * @csspart option - Each choice's label.
 */
export class RouletteBackground extends SessionElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--roulette-border, #ccc);
        border-radius: var(--roulette-radius, 8px);
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      img {
        width: 3rem;
        height: 1.7rem;
        object-fit: cover;
        border-radius: 4px;
      }
    `,
  ];
  static override properties = { busy: { state: true } };

  protected readonly visibleIn: readonly Phase[] = ['disconnected', 'connecting', 'idle', 'searching', 'outgoing', 'incoming', 'in-call'];

  /** A choice being applied (the effect's model loads the first time). */
  private busy = false;

  override render() {
    const current = loadBackground();
    const choices: Array<[Background, string, string?]> = [
      ['none', labels.none()],
      ['blur', labels.blur()],
      ...(backgrounds.pictures ?? []).map((p): [Background, string, string] => [p.src, p.label, p.src]),
    ];
    return html`<fieldset part="base" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
      <legend>${labels.legend()}</legend>
      ${choices.map(
        ([value, label, picture]) =>
          html`<label part="option"
            ><input type="radio" name="background" .value=${value} .checked=${value === current} @change=${() => this.choose(value)} />${picture
              ? html`<img src=${picture} alt="" />`
              : ''}${label}</label
          >`,
      )}
      ${this.busy ? html`<span class="muted" role="status">${labels.loading()}</span>` : ''}
    </fieldset>`;
  }

  private async choose(background: Background): Promise<void> {
    this.busy = true;
    try {
      const session = this.activeSession;
      if (session) await session.setBackground(background);
      else saveBackground(background);
      this.dispatchEvent(new CustomEvent('roulette-background-change', { detail: { background }, bubbles: true, composed: true }));
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-background': RouletteBackground;
  }
}
