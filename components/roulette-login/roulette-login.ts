import { html, nothing } from 'lit';
import { msg, str } from '../internal/localize.js';
import { SessionElement } from '../internal/session-element.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { describeServer } from '../session/signaling-client.js';
import type { Phase } from '../session/session.js';
import { loginStyles } from './roulette-login.styles.js';

/**
 * @tagname roulette-login
 * @summary Pick a name and connect. Shown while disconnected or connecting.
 *
 * An empty name asks the server for a guest name. When the site signs
 * people in (`<roulette-session token>`), there is no form: "Signing you
 * in…", or the reason it failed with "Try again". A taken name, an
 * unreachable server or a closed connection is explained here.
 *
 * Branding: a host page can replace the heading and the server line with
 * its own (the `heading` and `server` slots) or hide them (`hide-heading`,
 * `hide-server`; while connecting, a hidden server line still says
 * "Connecting…", without the address). The `heading` attribute replaces
 * the heading's text (in every language).
 *
 * @slot heading - Replaces the heading "Join Roulette".
 * @slot server - Replaces the line "Server: host:port" (not the "Connecting to …" line).
 *
 * @csspart base - The card around the form.
 * @csspart heading - The title.
 * @csspart server - The "Server: …" / "Connecting to …" line.
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
 * @fires {CustomEvent<RouletteStateChangeDetail>} roulette-state-change - Via the session (see `<roulette-session>`).
 */
export class RouletteLogin extends SessionElement {
  static override styles = [sharedStyles, loginStyles];

  static override properties = {
    heading: {},
    hideHeading: { type: Boolean, attribute: 'hide-heading', reflect: true },
    hideServer: { type: Boolean, attribute: 'hide-server', reflect: true },
  };

  /** The heading's text, instead of "Join Roulette" (attribute `heading`). */
  heading?: string;

  /** Hides the heading (attribute `hide-heading`). */
  hideHeading = false;

  /** Hides the server line; while connecting, says "Connecting…" without the address (attribute `hide-server`). */
  hideServer = false;

  protected readonly visibleIn: readonly Phase[] = ['disconnected', 'connecting'];

  override render() {
    const { phase, notice, server } = this.snapshot;
    const connecting = phase === 'connecting';
    // Signed in by the site (`<roulette-session token>`): no name to pick.
    const host = this.closest('roulette-session');
    if (host?.token || host?.getToken) {
      return html`<div part="base">
        <h2 part="heading">${this.heading ?? msg('Join Roulette', { id: 'login.heading' })}</h2>
        ${connecting
          ? html`<p class="muted connecting" role="status">${msg('Signing you in…', { id: 'login.signing-in' })}</p>`
          : html`<div class="row"><button part="connect-button" type="button" @click=${() => this.activeSession?.connect()}>${msg('Try again', { id: 'login.try-again' })}</button></div>`}
        ${renderNotices(phase === 'disconnected' ? notice : undefined)}
      </div>`;
    }
    return html`
      <div part="base">
        ${this.hideHeading
          ? nothing
          : html`<h2 part="heading"><slot name="heading">${this.heading ?? msg('Join Roulette', { id: 'login.heading' })}</slot></h2>`}
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
        ${this.renderServer(connecting, server)}
        ${renderNotices(phase === 'disconnected' ? notice : undefined)}
      </div>
    `;
  }

  private renderServer(connecting: boolean, server: string) {
    if (connecting) {
      return html`<p class="muted server" part="server">
        <span class="connecting">${this.hideServer
          ? msg('Connecting…', { id: 'login.connecting' })
          : msg(str`Connecting to ${describeServer(server)}…`, { id: 'login.connecting-to' })}</span>
      </p>`;
    }
    if (this.hideServer) return nothing;
    return html`<p class="muted server" part="server"><slot name="server">${msg(str`Server: ${describeServer(server)}`, { id: 'login.server' })}</slot></p>`;
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
