import { html } from 'lit';
import { msg, str } from '../internal/localize.js';
import { SessionElement } from '../internal/session-element.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { describeServer } from '../session/signaling-client.js';
import type { Phase } from '../session/session.js';
import { loginStyles } from './roulette-login.styles.js';

/**
 * @summary Pick a name and connect. Shown while disconnected or connecting.
 *
 * An empty name asks the server for a guest name. A taken name, an
 * unreachable server or a closed connection is explained here.
 *
 * The heading and the server line are the host's to brand: `heading`
 * replaces the heading's text (or put your own markup in `slot="heading"`),
 * `hide-heading` and `hide-server` hide them.
 *
 * @slot heading - Replaces the heading's text ("Join Roulette").
 *
 * @csspart base - The card around the form.
 * @csspart heading - The title.
 * @csspart input - The "Username" text field.
 * @csspart connect-button - The "Connect" button.
 * @csspart notice - The information message (`role="status"`).
 * @csspart error - The error message (`role="alert"`).
 *
 * @cssprop --roulette-accent - Primary button colour.
 * @cssprop --roulette-accent-text - Text on the primary button.
 * @cssprop --roulette-danger - Error accents.
 * @cssprop --roulette-info-background - Background of status messages.
 * @cssprop --roulette-error-background - Background of error messages.
 * @cssprop --roulette-surface - Card background.
 * @cssprop --roulette-surface-alt - Field and panel background.
 * @cssprop --roulette-text - Text colour.
 * @cssprop --roulette-muted - Secondary text colour.
 * @cssprop --roulette-border - Borders.
 * @cssprop --roulette-focus-ring - Focus outline colour.
 * @cssprop --roulette-radius - Corner radius.
 * @cssprop --roulette-gap - Space between the parts of the card.
 * @cssprop --roulette-font - Font family.
 *
 * @fires roulette-state-change - Via the session (see `<roulette-session>`).
 */
export class RouletteLogin extends SessionElement {
  static override styles = [sharedStyles, loginStyles];

  static override properties = {
    heading: {},
    hideHeading: { type: Boolean, attribute: 'hide-heading', reflect: true },
    hideServer: { type: Boolean, attribute: 'hide-server', reflect: true },
  };

  protected readonly visibleIn: readonly Phase[] = ['disconnected', 'connecting'];

  /** The heading's text, instead of "Join Roulette" (in the page's language). */
  heading?: string;

  /** No heading. */
  hideHeading = false;

  /** No "Server: host:port" line (while connecting, "Connecting…" without the address). */
  hideServer = false;

  override render() {
    const { phase, notice, server } = this.snapshot;
    const connecting = phase === 'connecting';
    return html`
      <div part="base">
        <h2 part="heading" ?hidden=${this.hideHeading}><slot name="heading">${this.heading ?? msg('Join Roulette', { id: 'login.heading' })}</slot></h2>
        <form @submit=${this.onSubmit} novalidate>
          <label for="username">${msg('Username', { id: 'login.username' })}</label>
          <div class="row">
            <input
              id="username"
              part="input"
              name="username"
              autocomplete="nickname"
              autocapitalize="off"
              spellcheck="false"
              maxlength="64"
              aria-describedby="hint"
              ?readonly=${connecting}
            />
            <button part="connect-button" type="submit" aria-disabled=${connecting ? 'true' : 'false'}>
              ${msg('Connect', { id: 'login.connect' })}
            </button>
          </div>
          <p id="hint" class="muted">${msg('Leave it empty to get a guest name you can share.', { id: 'login.hint' })}</p>
        </form>
        <p class="muted server" ?hidden=${this.hideServer && !connecting}>
          ${connecting
            ? html`<span class="connecting">${this.hideServer
                ? msg('Connecting…', { id: 'login.connecting' })
                : msg(str`Connecting to ${describeServer(server)}…`, { id: 'login.connecting-to' })}</span>`
            : msg(str`Server: ${describeServer(server)}`, { id: 'login.server' })}
        </p>
        ${renderNotices(phase === 'disconnected' ? notice : undefined)}
      </div>
    `;
  }

  /** Moves focus to the "Username" field. */
  override focus(options?: FocusOptions): void {
    this.byPart('input')?.focus(options);
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const session = this.activeSession;
    if (!session || this.snapshot.phase !== 'disconnected') return;
    void session.connect(this.byPart<HTMLInputElement>('input')?.value ?? '');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-login': RouletteLogin;
  }
}
