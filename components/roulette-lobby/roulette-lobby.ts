import { adoptStyles, html, nothing, type PropertyValues } from 'lit';
import { msg, str } from '../internal/localize.js';
import { SessionElement } from '../internal/session-element.js';
import { mediaStream } from '../internal/media-stream.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { Phase } from '../session/session.js';
import { lobbyStyles } from './roulette-lobby.styles.js';
import type { CallOutcome } from './call-outcome.js';
import type { InterestsField } from './interests-field.js';

/** The ringing sheet and the call's outcome: chunks of their own, fetched as soon as the lobby is (long before a call rings or ends). */
const extras = Promise.all([import('./ringing-sheet.js'), import('./call-outcome.js')]);

/**
 * @tagname roulette-lobby
 * @summary Who you are, calling someone by name, talking to a random
 * stranger, and answering calls. Shown while idle, calling ("Calling bob…"),
 * looking for a stranger and ringing; not while the search goes on from a
 * call with a stranger (Next, or the stranger left): `<roulette-call>`
 * shows that on the call's stage.
 *
 * @slot effects - Effects for your picture, under the camera check's preview (see camera-check.ts).
 * @csspart base - The card.
 * @csspart identity - "You are …" line.
 * @csspart disconnect-button - The "Disconnect" button.
 * @csspart input - The "Username to call" text field.
 * @csspart call-button - The "Call" button.
 * @csspart stranger-button - The "Talk to a stranger" ("Find another stranger" after one moved on) button.
 * @csspart outgoing - The "Calling …" panel.
 * @csspart searching - The "Looking for a stranger…" panel.
 * @csspart cancel-button - The "Cancel" button (of a call or of the search).
 * @csspart incoming - The ringing sheet ("… is calling you"): a modal `<dialog>`, at the bottom of a narrow screen, in the middle of a wide one.
 * @csspart preview - Your own muted camera preview while calling, answering or looking for a stranger (once the camera is on).
 * @csspart accept-button - The "Accept" button.
 * @csspart reject-button - The "Decline" button.
 * @csspart block-button - The "Block" button of an incoming call, on a row of its own under Accept and Decline (asks first; the call is declined).
 * @csspart outcome - Where the outcome of a call or request is said ("… declined your call.", "Call with … ended. Lasted 2:14."), under "Username to call".
 * @csspart call-again-button - "Call again", after a call by name ended.
 * @csspart camera-check - The "Check camera and microphone" toggle, preview and microphone level (`<roulette-camera-check>`; off until turned on, remembered for the site).
 * @csspart interests - The "Interests (optional)" chips field before "Talk to a stranger".
 * @csspart blocked - The "Blocked (N)" list with "Unblock" buttons (once you blocked someone).
 * @csspart reconnecting - The banner shown while the connection is resumed.
 * @csspart devices - The "Camera and microphone" chooser (`<roulette-devices>`).
 * @csspart notice - The information message (`role="status"`).
 * @csspart error - The error message (`role="alert"`).
 *
 * @cssprop --roulette-accent - Primary button colour.
 * @cssprop --roulette-accent-text - Text on the primary button.
 * @cssprop --roulette-success - "Accept" button colour.
 * @cssprop --roulette-success-text - Text on the "Accept" button.
 * @cssprop --roulette-danger - "Reject" colour and error accents.
 * @cssprop --roulette-danger-text - Text on the "Reject" button.
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
 * @fires {CustomEvent<RouletteIncomingCallDetail>} roulette-incoming-call - Via the session (see `<roulette-session>`).
 * @fires {CustomEvent<RouletteMatchedDetail>} roulette-matched - Via the session, when a stranger is found (see `<roulette-session>`).
 */
export class RouletteLobby extends SessionElement {
  static override styles = [sharedStyles, lobbyStyles];

  protected readonly visibleIn: readonly Phase[] = ['idle', 'searching', 'outgoing', 'incoming'];

  /** What the person typed in "Username to call": kept through the call and its outcome. */
  private callee = '';
  /** The ringing sheet (ringing-sheet.ts) and the call's outcome (call-outcome.ts), once loaded. */
  private sheet?: typeof import('./ringing-sheet.js');
  private outcome?: CallOutcome;

  override connectedCallback(): void {
    super.connectedCallback();
    // Chunks of their own, defined when they arrive: the interests field (<roulette-interests>),
    // the camera check (<roulette-camera-check>), the ringing sheet and the outcome (their styles join ours).
    void import('./interests-field.js');
    void import('./camera-check.js');
    void extras.then(([sheet, { CallOutcome, outcomeStyles }]) => {
      if (this.sheet) return;
      this.sheet = sheet;
      this.outcome = new CallOutcome();
      adoptStyles(this.renderRoot as ShadowRoot, [...RouletteLobby.elementStyles, sheet.ringingStyles, outcomeStyles]);
      this.requestUpdate();
    });
  }

  /** Not while the search goes on from a call with a stranger: `<roulette-call>` shows it, on the call's stage. */
  override showsIn(phase: Phase): boolean {
    return super.showsIn(phase) && !(phase === 'searching' && this.snapshot.continuing);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.outcome?.follow(changed.get('snapshot' as keyof RouletteLobby) as typeof this.snapshot | undefined, this.snapshot);
  }

  override render() {
    const { phase, username, peer, notice, reconnecting, answering, localStream, blocked, devices } = this.snapshot;
    // A chunk of its own, fetched once there is someone to list.
    if (blocked?.length) void import('./blocked-list.js');
    const banner = reconnecting
      ? html`<p class="banner" part="reconnecting" role="status">${msg('Connection lost — reconnecting…', { id: 'banner.reconnecting' })}</p>`
      : nothing;
    const preview = localStream && phase !== 'idle';
    return html`
      <div part="base">
        <div class="bar">
          <p class="who" part="identity">${msg(html`You are <strong>${username ?? ''}</strong>`, { id: 'lobby.identity' })}</p>
          <button part="disconnect-button" class="secondary" type="button" @click=${this.onDisconnect}>
            ${msg('Disconnect', { id: 'lobby.disconnect' })}
          </button>
        </div>
        ${preview ? nothing : banner}
        ${preview
          ? html`<div class="preview">
              <video part="preview" aria-label=${msg('Your camera', { id: 'video.self' })} muted playsinline autoplay .muted=${true} ${mediaStream(localStream)}></video>
              ${banner}
            </div>`
          : nothing}
        ${phase === 'outgoing'
          ? html`
              <section class="request" part="outgoing" aria-labelledby="outgoing-title">
                <h2 id="outgoing-title">
                  ${msg(str`Calling ${peer}…`, { id: 'lobby.calling' })}<span class="ringing" aria-hidden="true"><span></span><span></span><span></span></span>
                </h2>
                <p class="muted">${msg(str`Waiting for ${peer} to answer.`, { id: 'lobby.waiting-answer' })}</p>
                <div class="row">
                  <button part="cancel-button" class="danger" type="button" @click=${this.onCancel}>${msg('Cancel', { id: 'lobby.cancel' })}</button>
                </div>
              </section>
            `
          : nothing}
        ${phase === 'searching'
          ? html`
              <section class="request" part="searching" aria-labelledby="searching-title">
                <div role="status">
                  <h2 id="searching-title">
                    ${msg('Looking for a stranger…', { id: 'lobby.searching' })}<span class="ringing" aria-hidden="true"><span></span><span></span><span></span></span>
                  </h2>
                </div>
                <p class="muted">${msg("You'll be connected with the next person who is looking too.", { id: 'lobby.searching-hint' })}</p>
                <div class="row">
                  <button part="cancel-button" class="danger" type="button" @click=${this.onCancelSearch}>${msg('Cancel', { id: 'lobby.cancel' })}</button>
                </div>
              </section>
            `
          : nothing}
        ${phase === 'incoming' && peer
          ? this.sheet?.renderRingingSheet(this, this.activeSession, peer, answering)
          : nothing}
        ${phase === 'idle'
          ? html`
              <form @submit=${this.onCall} novalidate>
                <label for="callee">${msg('Username to call', { id: 'lobby.callee' })}</label>
                <div class="row">
                  <input
                    id="callee"
                    part="input"
                    name="callee"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    maxlength="64"
                    .value=${this.callee}
                    @input=${(e: InputEvent) => (this.callee = (e.target as HTMLInputElement).value)}
                  />
                  <button part="call-button" type="submit">${msg('Call', { id: 'lobby.call' })}</button>
                </div>
              </form>
            `
          : nothing}
        <div class="outcome" part="outcome">
          ${renderNotices(notice, this.outcome?.lasted(notice))}
          ${phase === 'idle' ? this.outcome?.renderAgain((peer) => void this.activeSession?.call((this.callee = peer))) : nothing}
        </div>
        ${phase === 'idle'
          ? html`
              <div class="stranger">
                <span class="or" aria-hidden="true">${msg('or', { id: 'lobby.or' })}</span>
                <roulette-interests part="interests"></roulette-interests>
                <button part="stranger-button" class="secondary" type="button" @click=${this.onFindStranger}>
                  ${notice?.code === 'stranger-left'
                    ? msg('Find another stranger', { id: 'lobby.stranger-again' })
                    : msg('Talk to a stranger', { id: 'lobby.stranger' })}
                </button>
              </div>
            `
          : nothing}
        ${phase === 'idle' && blocked?.length
          ? html`<roulette-blocked-list part="blocked" .session=${this.activeSession} .names=${blocked}></roulette-blocked-list>`
          : nothing}
        ${phase === 'idle' ? html`<roulette-camera-check part="camera-check" .devices=${devices}><slot name="effects" slot="effects"></slot></roulette-camera-check>` : nothing}
        <roulette-devices part="devices" .session=${this.activeSession}></roulette-devices>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The sheet is a modal while the call rings (showModal moves focus to Accept); shown again if the browser closed it.
    if (this.snapshot.phase === 'incoming') this.sheet?.showSheet(this.renderRoot as ShadowRoot);
    super.updated(changed);
  }

  protected override focusTarget(): HTMLElement | null {
    const { phase, notice } = this.snapshot;
    return this.byPart(
      phase === 'outgoing' || phase === 'searching'
        ? 'cancel-button'
        : phase === 'incoming'
          ? 'accept-button'
          : notice?.code === 'stranger-left'
            ? 'stranger-button'
            : 'input',
    );
  }

  /** Moves focus to the main control of the current view. */
  override focus(options?: FocusOptions): void {
    this.focusTarget()?.focus(options);
  }

  private onCall(event: SubmitEvent): void {
    event.preventDefault();
    this.callee = this.byPart<HTMLInputElement>('input')?.value ?? '';
    void this.activeSession?.call(this.callee);
  }

  private onCancel(): void {
    void this.activeSession?.cancel();
  }

  private async onFindStranger(): Promise<void> {
    const field = this.byPart<InterestsField>('interests');
    field?.commit();
    // The host's terms first (`<roulette-session consent>`), once per site.
    if (!(await (this.closest('roulette-session')?.ensureConsent() ?? true))) return;
    void this.activeSession?.findStranger(field?.value ?? []);
  }

  private onCancelSearch(): void {
    void this.activeSession?.cancelSearch();
  }

  private onDisconnect(): void {
    this.activeSession?.disconnect();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-lobby': RouletteLobby;
  }
}
