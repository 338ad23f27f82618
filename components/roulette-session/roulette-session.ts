import { ContextProvider } from '@lit/context';
import type { CallAlerts } from '../internal/call-alerts.js';
import type { ConsentGate } from './consent-gate.js';
import { LitElement, html, type PropertyValues } from 'lit';
import { sessionContext } from '../context.js';
import { backgrounds, type Background, type BackgroundPicture } from '../session/background/choice.js';
import { directionOf, resolveLocale, setPageLocale, setStrings, type RouletteStrings } from '../internal/localize.js';
import { ROULETTE_EVENTS } from '../events.js';
import { RouletteSession, type TokenSource } from '../session/session.js';
import { sessionStyles } from './roulette-session.styles.js';

/** Where this bundle was served from: the default signaling server. */
const BUNDLE_ORIGIN = new URL('.', import.meta.url).origin;

/**
 * @tagname roulette-session
 * @summary Provides one Roulette session to the elements inside it and
 * re-fires the session's events on the page.
 *
 * Without a `session` property it creates its own, connected to `server`
 * (default: the origin this script was loaded from), and resumes a session a
 * page reload interrupted.
 *
 * An incoming call rings (a tone made with Web Audio; `silent` turns it
 * off), the caller hears a ringback, and while the tab is hidden the page
 * title reads "Incoming call from …". With `notify`, an incoming call also
 * shows a system notification: permission is asked on the person's first
 * click or key press inside this element, never on load.
 *
 * Signed identities (protocol v2): with a `token` or a `getToken` callback
 * the login form is skipped, the session connects at once and the name
 * comes from the server. A refused token shows a readable message and fires
 * `roulette-error` with `code: "UNAUTHORIZED"`.
 *
 * With `consent` (or a `slot="consent"` child) the person agrees to the
 * terms (and, with `consent-age`, states their age) before their first
 * stranger search; the answer is remembered for this site.
 *

 * Language: the element's own `lang` attribute or, without one, the nearest
 * ancestor's (usually `<html lang>`): English, `es`, `de`, `fr`, `pt`, `ja`
 * or `ar` (`es-MX` is Spanish; anything else English). The translation loads
 * when first needed. The language is one per page (the last one chosen
 * applies to every Roulette element). In Arabic the element gets
 * `dir="rtl"` unless the page set a `dir` itself. `strings` overrides single
 * strings (ids in docs/strings.md).
 *
 * Background effects: people may blur what is behind them or put a
 * picture there (`<roulette-background>`, in the lobby's camera check and
 * the call's menu); `background` is the site's default until they choose
 * (`none`, `blur`, or a picture's URL), `backgroundPictures` the pictures it
 * offers. Their choice is remembered for this site.
 *
 * @slot - Any Roulette elements (and anything else).
 * @slot consent - The terms shown before the first stranger search (instead of the `consent` text).
 * @csspart base - The wrapper around the slot.
 * @csspart consent-gate - The "Before you meet strangers" dialog.
 * @csspart announcement - The assertive live region (`role="alert"`, visually hidden) that says "Incoming call from …".
 *
 * @cssprop --roulette-gap - Space between the elements inside.
 *
 * @fires {CustomEvent<RouletteStateChangeDetail>} roulette-state-change - `{ state, previous, username?, peer? }` — the session moved to another phase.
 * @fires {CustomEvent<RouletteCallStartDetail>} roulette-call-start - `{ peer, role }` — a call was accepted.
 * @fires {CustomEvent<RouletteCallEndDetail>} roulette-call-end - `{ peer, reason }` — a call ended (`hangup`, `peer-hangup`, `peer-disconnected`, `media-error`, `connection-failed`, `signaling-closed`, `disconnected`).
 * @fires {CustomEvent<RouletteIncomingCallDetail>} roulette-incoming-call - `{ from }` — someone is calling.
 * @fires {CustomEvent<RouletteMatchedDetail>} roulette-matched - `{ peer, role }` — Roulette mode paired you with a random stranger (the call starts at once).
 * @fires {CustomEvent<RouletteNextDetail>} roulette-next - `{ peer }` — you pressed Next: left `peer` and are looking for the next stranger.
 * @fires {CustomEvent<RouletteErrorDetail>} roulette-error - `{ code, message }` — something failed; `message` is what the person is shown.
 * @fires {CustomEvent<Notice>} roulette-notice - `{ tone, code, message }` — any message shown to the person.
 * @fires {CustomEvent<RouletteReconnectingDetail>} roulette-reconnecting - `{ reconnecting }` — signaling dropped (`true`) or resumed (`false`).
 * @fires {CustomEvent<CallStats>} roulette-stats - `{ quality, rtt?, loss, inbound, outbound, relayed }` — every 2 s in a connected call: its quality.
 * @fires {CustomEvent<RouletteScreenShareDetail>} roulette-screen-share - `{ action, peer, local }` — a screen share started or stopped during the call (`local`: your screen).
 */
export class RouletteSessionElement extends LitElement {
  static override styles = sessionStyles;
  static override properties = {
    server: {},
    session: { attribute: false },
    silent: { type: Boolean, reflect: true },
    notify: { type: Boolean, reflect: true },
    token: {},
    getToken: { attribute: false },
    consent: {},
    consentAge: { attribute: 'consent-age', type: Number },
    strings: { attribute: false },
    background: {},
    backgroundPictures: { attribute: false },
  };

  /** The signaling server URL. Defaults to the origin the bundle was loaded from. */
  server: string = BUNDLE_ORIGIN;

  /**
   * The session shared with the elements inside. Set it to hand in a session
   * created in code; otherwise one is created for `server`.
   */
  declare session?: RouletteSession;

  /** No ring for incoming calls and no ringback while calling. */
  silent = false;

  /**
   * Show a system notification for incoming calls while the page is not in
   * view. Permission is asked on the first click or key press inside this
   * element (never on load); nothing is shown until it is granted.
   */
  notify = false;

  /** A signed identity token (a JWT from the site's backend); setting it connects. Prefer `getToken` for short-lived tokens. */
  declare token?: string;

  /** Called for a fresh token before every connect, reconnect and resume; setting it connects. */
  declare getToken?: TokenSource;

  /** Terms a person agrees to ("I agree") before their first stranger search; a `slot="consent"` child may hold them instead. */
  declare consent?: string;

  /** With `consent`: the person also states they are at least this old. */
  declare consentAge?: number;
  /**
   * The host's own wording for single strings, by id (docs/strings.md): a
   * text (`{0}`, `{1}` for the string's values) or a function of the values.
   * Used before any translation; one table per page.
   */
  strings?: RouletteStrings;

  /** The background people have until they choose one: `none` (default), `blur`, or a picture's URL. */
  declare background?: Background;

  /** The background pictures the site offers (`{ src, label }`; other origins must send CORS headers). */
  declare backgroundPictures?: readonly BackgroundPicture[];

  /**
   * Ring, ringback, title and notification (loaded on first connection; diagnostics and tests).
   * @internal
   */
  alerts?: CallAlerts;

  private readonly provider = new ContextProvider(this, { context: sessionContext });
  /** The session this element created itself (not one handed in). */
  private created?: RouletteSession;
  private forwarding?: RouletteSession;
  /** The `dir` this element set on itself (none when the page chose one). */
  private ownDir?: string;
  /** Watches the `lang` (and `dir`) attributes of this element and the page. */
  private readonly languageWatch = new MutationObserver(() => this.followLanguage());

  override connectedCallback(): void {
    super.connectedCallback();
    this.forward(this.session);
    this.languageWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
    this.followLanguage();
    // A chunk of its own: the tones and notifications stay out of the core bundle.
    void import('../internal/call-alerts.js').then(({ CallAlerts }) => {
      if (!this.isConnected || this.alerts) return;
      this.alerts = new CallAlerts({
        silent: () => this.silent,
        notify: () => this.notify,
        announce: (text) => {
          const region = this.renderRoot.querySelector('[part="announcement"]');
          if (region && region.textContent !== text) region.textContent = text;
        },
      });
      this.alerts.askOnGesture(this);
      this.alerts.follow(this.session);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.languageWatch.disconnect();
    this.forward(undefined);
    this.alerts?.close();
    this.alerts = undefined;
    // Taken out of the page (a framework unmounting it, a view closed): the
    // session this element made leaves too — no camera left on, no name left
    // online that rings for nobody. Moved within the page (out and back in
    // the same task) it stays. A session handed in is the page's to end.
    const own = this.created;
    if (own) setTimeout(() => this.isConnected || own !== this.created || own.disconnect());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) setStrings(this.strings);
    backgrounds.default = this.background;
    backgrounds.pictures = this.backgroundPictures;
    const own = this.created;
    if (own && this.session === own && changed.has('server') && own.server !== this.server) {
      // Another server: replace our own session if it is not in use.
      if (own.state.phase === 'disconnected') this.session = undefined;
    }
    if (own && this.session !== own) {
      // A session was handed in (or the server changed): let ours go.
      own.disconnect();
      this.created = undefined;
    }
    if (!this.session) {
      // Created on first render, so a session handed in right after the
      // element was attached is used instead.
      const session = new RouletteSession({
        server: this.server,
        getToken: () => (this.getToken ? this.getToken() : this.token),
      });
      this.created = session;
      this.session = session;
      if (session.canRestore) void session.restore();
    }
    // A token (set now or later) signs in at once: no login form.
    if ((this.token || this.getToken) && (changed.has('token') || changed.has('getToken'))) {
      if (this.session === this.created && this.session.state.phase === 'disconnected' && !this.session.canRestore) void this.session.connect();
    }
    this.provider.setValue(this.session);
    if (this.isConnected) this.forward(this.session);
    this.alerts?.follow(this.session);
  }

  override render() {
    return html`<div part="base"><slot></slot><div part="announcement" role="alert"></div>
      <roulette-consent-gate part="consent-gate"><slot name="consent">${this.consent}</slot></roulette-consent-gate></div>`;
  }

  /**
   * Resolves `true` once the person agreed to the `consent` terms: at once
   * when there are none or they agreed on this site before; else after the
   * consent dialog (a chunk of its own, loaded only then).
   */
  async ensureConsent(): Promise<boolean> {
    if (!this.consent && !this.querySelector(':scope > [slot="consent"]')) return true;
    await import('./consent-gate.js');
    await this.updateComplete;
    const gate = this.renderRoot.querySelector<ConsentGate>('roulette-consent-gate');
    return gate ? gate.ask(this.consentAge) : false;
  }

  /**
   * Switches the page's Roulette language to this element's (or the nearest
   * ancestor's) `lang`, and sets `dir` on this element for a right-to-left
   * language unless the page set a `dir` of its own.
   */
  private followLanguage(): void {
    const locale = resolveLocale(this.closest('[lang]')?.getAttribute('lang'));
    void setPageLocale(locale);
    const mine = this.ownDir !== undefined && this.getAttribute('dir') === this.ownDir;
    const pageDir = (mine ? this.parentElement : this)?.closest('[dir]');
    const wanted = pageDir ? undefined : directionOf(locale) === 'rtl' ? 'rtl' : undefined;
    if (wanted === (mine ? this.ownDir : undefined)) return;
    if (wanted) this.setAttribute('dir', wanted);
    else if (mine) this.removeAttribute('dir');
    this.ownDir = wanted;
  }

  /** Re-fires the session's events from this element, bubbling and composed. */
  private forward(session: RouletteSession | undefined): void {
    if (session === this.forwarding) return;
    for (const type of ROULETTE_EVENTS) this.forwarding?.removeEventListener(type, this.redispatch);
    this.forwarding = session;
    for (const type of ROULETTE_EVENTS) session?.addEventListener(type, this.redispatch);
  }

  private readonly redispatch = (event: Event): void => {
    const detail = (event as CustomEvent<unknown>).detail;
    this.dispatchEvent(new CustomEvent(event.type, { detail, bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-session': RouletteSessionElement;
  }
}
