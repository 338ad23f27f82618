import { adoptStyles, html, nothing, type CSSResultOrNative, type PropertyValues } from 'lit';
import type { StageParts } from './call-stage.js';
import type { Fit } from './stage-fit.js';
import type { CallSafety } from './call-safety.js';
import { msg, str } from '../internal/localize.js';
import { SessionElement } from '../internal/session-element.js';
import { icon } from '../internal/icon.js';
import { ICONS } from './call-icons.js';
import { mediaStream } from '../internal/media-stream.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { Phase, SessionState } from '../session/session.js';
import type * as Chat from './call-chat.js';
import type { MediaControls } from './media-controls.js';
import { theOtherPerson } from '../session/wording.js';
import type { StrangerVeil } from './stranger-veil.js';


/** A chat line that arrived while the chat was closed stays over the stage this long. */
const TOAST_MS = 5000;

/**
 * @tagname roulette-call
 * @summary The call: the other person's video as large as the space allows,
 * your own preview small in a corner (drag it, or focus it and use the arrow
 * keys, to move it to another corner), one bar of round buttons (Mute,
 * Camera, Share screen, Chat, More, Next, Hang up), the chat on demand and
 * the rarer actions (Report, Block, Safety code, camera and microphone,
 * connection details) behind "More". Shown during a call and, in stranger
 * mode, while the next stranger is looked for after "Next" or after the
 * stranger left (the stage stays and says "Looking for a stranger…"; "Stop"
 * goes back to the lobby).
 *
 * Layout (`layout`): `auto` (default) covers the whole viewport on a narrow
 * or short window and on a touch screen — edge to edge, `100dvh`, safe-area
 * insets, the page behind it not scrolling — and stays in the page on a
 * desktop; `viewport` always covers the viewport; `inline` always stays in
 * the host's box. While it covers the screen (and in full screen) the bar
 * fades after a few seconds without input and comes back on a tap, a mouse
 * move or keyboard focus. The host gets `fills` while the call covers the viewport.
 *
 * The other person's picture fills the stage while that crops less than a
 * fifth of it, else it is shown whole; "Fill" (or a double-tap on the
 * picture) fills always.
 *
 * The host gets a `receiving` attribute once remote frames are shown.
 * Chat messages are shown as text, never as HTML.
 *
 * @csspart base - The call view (what goes full screen).
 * @csspart heading - "In a call with …".
 * @csspart stage - The box holding both videos.
 * @csspart controls - The control bar.
 * @csspart chat-button - "Chat" (with the number of unread messages); opens the chat.
 * @csspart chat-toast - A message that arrived while the chat was closed, shown briefly over the stage.
 * @csspart more-button - "More": the menu of rarer actions.
 * @csspart more-menu - That menu (`role="menu"`).
 * @csspart more - The panel with Report, Block, the safety code and the camera and microphone choice.
 * @csspart fill-button - "Fill": the other person's picture fills the stage (`aria-pressed`).
 * @csspart quick-report - "Report" on the stranger's video (random matches).
 * @csspart self-view - The corner holding your preview (focusable; arrow keys move it).
 * @csspart remote-video - The other person's `<video>`.
 * @csspart local-video - Your own muted preview `<video>`.
 * @csspart muted-badge - "Muted" over your preview while your microphone is off.
 * @csspart waiting - The overlay shown until remote frames arrive.
 * @csspart hangup-button - The "Hang up" button.
 * @csspart next-button - The "Next" button: on to the next stranger (random matches only).
 * @csspart reconnecting - The banner shown while the connection is resumed ("Reconnecting…").
 * @csspart duration - How long the call has lasted.
 * @csspart quality - The connection-quality indicator (a `<details>` with the numbers).
 * @csspart peer-state - "… is muted" over the remote video.
 * @csspart mute-button - The "Mute" toggle (`aria-pressed` when muted).
 * @csspart camera-button - The "Camera" toggle (`aria-pressed` while the camera is on).
 * @csspart devices - The "Camera and microphone" chooser (`<roulette-devices>`).
 * @csspart safety - "Report", "Block" and the "Safety code" (`<roulette-call-safety>`).
 * @csspart chat - The chat panel.
 * @csspart chat-log - The messages (`role="log"`).
 * @csspart chat-input - The "Message" field.
 * @csspart send-button - The "Send" button.
 * @csspart share-button - "Share screen" / "Stop sharing" (only where the browser can share a screen).
 * @csspart share-notice - "… is sharing their screen" over the remote video.
 * @csspart switch-camera-button - "Switch camera" over the stage (with more than one camera).
 * @csspart pip-button - "Picture in picture" over the stage (`aria-pressed` while open).
 * @csspart fullscreen-button - "Full screen" over the stage (`aria-pressed` while full screen).
 * @csspart veil - Over a stranger's blurred video: what is blurred, and "Show video" (`blur-strangers`).
 * @csspart show-video-button - "Show video": this call's stranger, unblurred.
 * @csspart blur-strangers-option - The person's own "Blur strangers' video until I choose to see it" checkbox (stranger calls).
 * @csspart notice - The information message (`role="status"`).
 * @csspart error - The error message (`role="alert"`).
 *
 * @cssprop --roulette-accent - "Send" button colour.
 * @cssprop --roulette-accent-text - Text on the "Send" button.
 * @cssprop --roulette-success - "Good" connection quality.
 * @cssprop --roulette-danger - "Hang up" button colour, poor quality and error accents.
 * @cssprop --roulette-danger-text - Text on the "Hang up" button.
 * @cssprop --roulette-video-background - Behind the videos.
 * @cssprop --roulette-remote-fit - `object-fit` of the remote video (default: `cover` while that crops less than a fifth, else `contain`).
 * @cssprop --roulette-call-height - Height of the call inline (default `calc(100dvh - 10rem)`: fits the window under a page header).
 * @cssprop --roulette-call-z-index - Stacking of the call while it covers the viewport (default 1000).
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
 * @fires {CustomEvent<RouletteCallStartDetail>} roulette-call-start - Via the session (see `<roulette-session>`).
 * @fires {CustomEvent<RouletteCallEndDetail>} roulette-call-end - Via the session (see `<roulette-session>`).
 * @fires {CustomEvent<RouletteNextDetail>} roulette-next - Via the session, on "Next" (see `<roulette-session>`).
  * @fires {CustomEvent<RouletteScreenShareDetail>} roulette-screen-share - Via the session, when a share starts or stops (see `<roulette-session>`).
 */
export class RouletteCall extends SessionElement {
  // The stage's own styles arrive with its chunk (call-stage.ts).
  static override styles = [sharedStyles];
  static override properties = {
    receiving: { type: Boolean, reflect: true },
    hideControls: { attribute: 'hide-controls' },
    layout: { reflect: true },
    blurStrangers: { type: Boolean, attribute: 'blur-strangers' },
  };

  /**
   * Controls not to show, space-separated: `share-screen`, `switch-camera`,
   * `picture-in-picture`, `full-screen` (attribute `hide-controls`).
   */
  hideControls?: string;

  /**
   * Where the call sits: `auto` (default: the whole viewport on a phone or
   * touch screen, in the page on a desktop), `viewport` (always the whole
   * viewport) or `inline` (always in the host's box).
   */
  layout: 'auto' | 'viewport' | 'inline' = 'auto';

  /**
   * A stranger's video starts blurred, until the person chooses "Show video"
   * (attribute `blur-strangers`): the site's default; the person's own
   * choice, remembered for the site, wins. The host gets `veiled` meanwhile.
   */
  blurStrangers?: boolean;

  /** Blurs a stranger's video until the person says yes: a chunk of its own (stranger-veil.ts), set when it arrives. */
  #veil?: StrangerVeil;

  /** Share screen, switch camera, picture in picture, full screen: a chunk of its own, set when it arrives. */
  #media?: MediaControls;

  /** The text chat: a chunk of its own, set when it arrives. */
  #chat?: typeof Chat;

  /** Styles of the parts that arrived later (chat, media controls), added to the element's own. */
  #lateStyles: CSSResultOrNative[] = [];

  /** The layout, the More menu, the self-view and the fading bar: a chunk of their own, set when it arrives. */
  #parts?: StageParts;

  /** The open panel: the chat or "More" (one at a time). */
  #sheet?: 'chat' | 'more';
  /** The person chose "Fill": the picture fills the stage, cropped. */
  #fill = false;
  /** How the picture fits the stage now. */
  #fit: Fit = 'cover';
  /** Messages seen (the chat was open when they came). */
  #seen = 0;
  /** A message shown over the stage while the chat is closed. */
  #toast?: string;
  #toastTimer?: ReturnType<typeof setTimeout>;
  /** Stranger mode: in a call with a stranger, or looking for the next one after it (the stage stays). */
  #continuing = false;
  readonly #resize = new ResizeObserver(() => this.#measure());

  protected readonly visibleIn: readonly Phase[] = ['in-call'];

  /** True once the remote video shows frames; reflected as `receiving`. */
  private receiving = false;

  /** Re-renders the duration every second. */
  private clock?: ReturnType<typeof setInterval>;

  /** The call is on screen. */
  get shows(): boolean {
    return !!this.active;
  }

  /** The bar may fade: the call covers the screen and nothing is open. */
  get mayFade(): boolean {
    return (!!this.#parts?.layout.fills || this.#fullscreen) && !this.#parts?.menu.open && !this.#sheet;
  }

  get #fullscreen(): boolean {
    const base = this.byPart('base');
    return !!base && this.shadowRoot?.fullscreenElement === base;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // "Report", "Block" and the safety code (<roulette-call-safety>): a chunk of its own, defined when it arrives.
    void import('./call-safety.js');
    void import('./call-stage.js').then(({ stageParts, callStyles }) => {
      this.#parts ??= stageParts(this);
      this.#adopt(callStyles);
    });
    void Promise.all([import('./media-controls.js'), import('./media-controls.styles.js')]).then(([{ MediaControls }, { mediaStyles }]) => {
      this.#media ??= new MediaControls(this);
      this.#adopt(mediaStyles);
    });
    void import('./stranger-veil.js').then(({ StrangerVeil, veilStyles }) => {
      this.#veil ??= new StrangerVeil(this);
      this.#adopt(veilStyles);
      this.onRemoteFrames();
    });
    void import('./call-chat.js').then((chat) => {
      this.#chat = chat;
      this.#adopt(chat.chatStyles);
    });
    this.clock = setInterval(() => this.snapshot.since && this.requestUpdate(), 1000);
    document.addEventListener('fullscreenchange', this.#fullscreenChanged);
  }

  #adopt(styles: CSSResultOrNative): void {
    if (!this.#lateStyles.includes(styles)) this.#lateStyles.push(styles);
    if (this.shadowRoot) adoptStyles(this.shadowRoot, [...(this.constructor as typeof RouletteCall).elementStyles, ...this.#lateStyles]);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    clearTimeout(this.#toastTimer);
    this.#resize.disconnect();
    document.removeEventListener('fullscreenchange', this.#fullscreenChanged);
  }

  /** Also shown while the next stranger is looked for after a call here. */
  override showsIn(phase: Phase): boolean {
    // Asked by the other views as the phase changes, maybe before this one rendered it: a matched call shown here continues.
    return super.showsIn(phase) || (phase === 'searching' && this.#continuing);
  }

  /** Looking for the next stranger on this stage: shown, so every snapshot renders. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    return super.shouldUpdate(changed) || (this.#continuing && this.snapshot.phase === 'searching');
  }

  override render() {
    const { peer, notice, reconnecting, recovering, remoteStream, localStream, since, stats, matched, phase, messages } = this.snapshot;
    const { muted, cameraOff, peerMuted, peerCameraOff } = this.snapshot;
    const session = this.activeSession;
    const searching = phase === 'searching';
    const has = (kind: string): boolean => !!localStream?.getTracks().some((t) => t.kind === kind);
    const elapsed = Math.max(0, Date.now() - (since ?? Date.now()));
    const unread = (messages ?? []).slice(this.#seen).filter((m) => !m.mine).length;
    const { self, fade } = this.#parts ?? {};
    const awake = fade?.awake !== false || !this.mayFade;
    return html`
      <div part="base" class="view ${awake ? 'awake' : 'faded'} ${this.#sheet ? `with-${this.#sheet}` : ''}">
        <div class="stage" part="stage" @dblclick=${this.#toggleFill}>
          <video
            part="remote-video"
            class=${this.#fit}
            aria-label=${msg(str`Video from ${peer ?? theOtherPerson()}`, { id: 'video.remote' })}
            playsinline
            autoplay
            ${mediaStream(remoteStream)}
            @resize=${this.onRemoteFrames}
            @loadeddata=${this.onRemoteFrames}
            @playing=${this.onRemoteFrames}
          ></video>
          ${this.#veil?.renderOverlay()}
          <div class="waiting ${peerCameraOff && !searching ? 'off' : ''} ${searching ? 'searching' : ''}" part="waiting" role="status">
            <span>${searching
              ? msg('Looking for a stranger…', { id: 'lobby.searching' })
              : peerCameraOff
                ? msg(str`${peer}'s camera is off`, { id: 'call.peer-camera-off' })
                : msg(str`Waiting for ${peer ?? theOtherPerson()}'s video…`, { id: 'call.waiting-video' })}</span>
          </div>
          <div class="top">
            <div class="who" ?hidden=${searching}>
              <h2 part="heading" tabindex="-1">${msg(str`In a call with ${peer ?? ''}`, { id: 'call.heading' })}</h2>
              <span class="name" aria-hidden="true">${peer}</span>
              <div class="meta">
                <span part="duration"><span class="sr-only">${msg('Duration', { id: 'call.duration' })} </span>${new Date(elapsed)
                    .toISOString()
                    .slice(elapsed < 36e5 ? 14 : 11, 19)}</span>
                ${stats && !recovering && !searching ? this.#parts?.renderQuality(stats, peer) : nothing}
              </div>
            </div>
            ${matched && !searching
              ? this.#parts?.renderQuickReport(() => void this.#safety?.report())
              : nothing}
          </div>
          <div class="tools">
            ${this.#media?.renderTools()}
            ${this.#parts?.renderFill(this.#fill, this.#toggleFill)}
          </div>
          <div class="overlays">
            <p class="peer-state" part="peer-state" role="status">${peerMuted && !searching ? msg(str`${peer} is muted`, { id: 'call.peer-muted' }) : ''}</p>
            ${this.#media?.renderNotice()}
            ${reconnecting || recovering || stats?.stalled
              ? html`<p class="banner" part="reconnecting" role="status">${reconnecting
                  ? msg('Connection lost — reconnecting…', { id: 'banner.reconnecting' })
                  : recovering
                    ? msg('Reconnecting…', { id: 'banner.recovering' })
                    : msg(str`Nothing is arriving from ${peer ?? theOtherPerson()} — waiting for the connection…`, { id: 'banner.stalled' })}</p>`
              : nothing}
            ${renderNotices(notice)}
            <p class="toast" part="chat-toast" role="status">${this.#toast ?? ''}</p>
          </div>
          <div
            class="local ${self?.corner ?? 'bottom-end'}"
            part="self-view"
            tabindex="0"
            role="group"
            aria-label=${self?.label() ?? nothing}
            @pointerdown=${self?.down}
            @pointermove=${self?.move}
            @pointerup=${self?.up}
            @pointercancel=${self?.up}
            @keydown=${self?.key}
            @dblclick=${(e: Event) => e.stopPropagation()}
          >
            <video
              part="local-video"
              aria-label=${msg('Your camera', { id: 'video.self' })}
              muted
              playsinline
              autoplay
              .muted=${true}
              ${mediaStream(localStream)}
            ></video>
            ${cameraOff || !has('video') ? html`<span class="cover">${has('video') ? msg('Camera off', { id: 'call.camera-off' }) : msg('No camera', { id: 'call.no-camera' })}</span>` : nothing}
            ${muted ? html`<span class="badge off" part="muted-badge">${icon(ICONS.mic)}${msg('Muted', { id: 'call.muted' })}</span>` : nothing}
          </div>
        </div>
        ${this.#parts?.renderBar({
          state: this.snapshot,
          session,
          continuing: this.#continuing,
          unread,
          chatOpen: this.#sheet === 'chat',
          share: this.#media?.renderShare(),
          toggleChat: () => void this.#openSheet(this.#sheet === 'chat' ? undefined : 'chat'),
          next: this.onNext,
          hangUp: this.onHangUp,
          menu: {
            state: this.snapshot,
            share: this.#media?.shareItem(),
            safety: () => this.#safety,
            openMore: () => this.#openSheet('more'),
            part: (name) => this.byPart(name),
          },
        })}
        ${this.#parts?.renderMore({
          open: this.#sheet === 'more',
          session,
          state: this.snapshot,
          dialogHost: this,
          option: this.#veil?.renderOption(),
          close: () => void this.#openSheet(undefined),
          keydown: this.#sheetKey,
        })}
        ${this.#chat?.renderChat(this.snapshot, session, { open: this.#sheet === 'chat', close: () => this.#openSheet(undefined), keydown: this.#sheetKey })}
      </div>
    `;
  }

  get #safety(): CallSafety | null {
    return this.renderRoot.querySelector('roulette-call-safety');
  }

  /** Opens the chat or "More" (closing the other), or closes both; focus goes in, and back to its button. */
  async #openSheet(sheet: 'chat' | 'more' | undefined): Promise<void> {
    const was = this.#sheet;
    this.#sheet = sheet;
    if (sheet === 'chat') this.#readAll();
    this.requestUpdate();
    await this.updateComplete;
    if (sheet === 'chat') this.byPart('chat-input')?.focus();
    else if (sheet === 'more') this.renderRoot.querySelector<HTMLElement>('#more-title + button')?.focus();
    else if (was) this.byPart(was === 'chat' ? 'chat-button' : 'more-button')?.focus();
  }

  /** Escape in a panel closes it. */
  readonly #sheetKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // An open dialog (Block, Report) handles its own Escape.
    if ((event.composedPath()[0] as Element).closest?.('dialog')) return;
    event.preventDefault();
    void this.#openSheet(undefined);
  };

  #readAll(): void {
    this.#seen = this.snapshot.messages?.length ?? 0;
    this.#toast = undefined;
  }

  readonly #toggleFill = (event: Event): void => {
    if (event.type === 'dblclick' && (event.target as Element).closest?.('button, details, .local')) return;
    this.#fill = !this.#fill;
    this.#measure();
    this.requestUpdate();
  };

  readonly #fullscreenChanged = (): void => {
    this.toggleAttribute('full-screen', this.#fullscreen);
    this.#parts?.fade.wake();
    this.requestUpdate();
  };

  /** Picks how the picture fits the stage now (its shape and the stage's). */
  #measure(): void {
    const video = this.remoteVideo;
    const stage = this.byPart('stage');
    if (!video || !stage) return;
    const fit = this.#parts?.fitFor([video.videoWidth, video.videoHeight], [stage.clientWidth, stage.clientHeight], this.#fill);
    if (fit && fit !== this.#fit) {
      this.#fit = fit;
      this.requestUpdate();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('snapshot' as keyof RouletteCall) as SessionState | undefined;
    const { phase, messages, peer } = this.snapshot;
    // Stranger mode: Next (or a report) from a call here looks for the next stranger on the same stage.
    if (phase === 'in-call') this.#continuing = this.snapshot.matched;
    else if (phase !== 'searching') this.#continuing = false;
    super.willUpdate(changed);
    if (before && before.remoteStream !== this.snapshot.remoteStream) this.receiving = false;
    if (!this.snapshot.remoteStream) this.receiving = false;
    // A new call: its chat starts unread and closed... unless the person had it open.
    if (!messages?.length) this.#seen = 0;
    if (this.#sheet === 'chat') this.#readAll();
    else if (before && messages && before.messages !== messages && messages.length > (before.messages?.length ?? 0)) {
      const last = messages.at(-1)!;
      if (!last.mine) this.#showToast(`${peer ?? theOtherPerson()}: ${last.text}`);
    }
    if (phase !== 'in-call' && phase !== 'searching') {
      this.#sheet = undefined;
      if (this.#parts) this.#parts.menu.open = false;
    }
  }

  #showToast(text: string): void {
    this.#toast = text;
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(() => {
      this.#toast = undefined;
      this.requestUpdate();
    }, TOAST_MS);
  }

  protected override firstUpdated(): void {
    const stage = this.byPart('stage');
    if (stage) this.#resize.observe(stage);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const before = changed.get('snapshot' as keyof RouletteCall) as SessionState | undefined;
    const log = this.byPart('chat-log');
    if (log && changed.has('snapshot' as keyof RouletteCall) && before?.messages !== this.snapshot.messages) {
      log.scrollTop = log.scrollHeight;
    }
    if (this.snapshot.phase === 'searching') this.#parts?.keepFocus(this.renderRoot as ShadowRoot);
    // The chosen speaker, where the browser can pick one.
    const sink = this.snapshot.devices?.audiooutput;
    const remote = this.remoteVideo as (HTMLVideoElement & { sinkId?: string; setSinkId?(id: string): Promise<void> }) | null;
    if (sink && remote?.setSinkId && remote.sinkId !== sink) remote.setSinkId(sink).catch(() => undefined);
  }

  /**
   * A call that starts takes focus to "Mute" (or, without a microphone, the
   * call's heading): never to "Hang up" or "Next", so a key pressed just as
   * the call starts cannot end it. Looking for the next stranger: "More".
   */
  protected override focusTarget(): HTMLElement | null {
    if (this.snapshot.phase === 'searching') return this.byPart('more-button');
    const mute = this.byPart<HTMLButtonElement>('mute-button');
    return mute && !mute.disabled ? mute : this.byPart('heading');
  }

  private get remoteVideo(): HTMLVideoElement | null {
    return this.byPart('remote-video');
  }

  private onRemoteFrames(): void {
    const video = this.remoteVideo;
    // Where the site blurs strangers, the "Waiting for …'s video" cover stays until the veil's chunk is here.
    if (video && video.videoWidth > 0 && !this.receiving && (this.#veil || !this.blurStrangers)) this.receiving = true;
    this.#measure();
  }

  /** "Hang up"; while looking for the next stranger, "Stop". */
  private readonly onHangUp = (): void => {
    const session = this.activeSession;
    if (this.snapshot.phase === 'searching') void session?.cancelSearch();
    else void session?.hangUp();
  };

  private readonly onNext = (): void => {
    if (this.snapshot.phase !== 'in-call') return; // looking already: Next stays in place, inert
    void this.activeSession?.next();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-call': RouletteCall;
  }
}
