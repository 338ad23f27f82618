import { adoptStyles, html, nothing, type CSSResultOrNative, type PropertyValues } from 'lit';
import { msg, str } from '../internal/localize.js';
import { SessionElement } from '../internal/session-element.js';
import { icon } from '../internal/icon.js';
import { mediaStream } from '../internal/media-stream.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { Phase, SessionState } from '../session/session.js';
import type * as Chat from './call-chat.js';
import type { MediaControls } from './media-controls.js';
import { theOtherPerson } from '../session/wording.js';
import { callStyles } from './roulette-call.styles.js';
import type { StrangerVeil } from './stranger-veil.js';

/** Stroke icons for the controls (24×24, `currentColor`); `.off` shows the slash. */
const ICONS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3z',
  next: 'M5 5l8 7-8 7zM18 5v14',
  hangup: 'M2 14.5c5.5-5.5 14.5-5.5 20 0l-2.6 2.8-4.4-1.6v-3a11 11 0 0 0-6 0v3l-4.4 1.6z',
};

/**
 * @tagname roulette-call
 * @summary The call: the other person's video (with a waiting state until
 * frames arrive), your muted preview, the duration and connection quality,
 * "Mute", "Camera", "Hang up" and a text chat. Shown during a call.
 *
 * The host gets a `receiving` attribute once remote frames are shown.
 * Chat messages are shown as text, never as HTML.
 *
 * @csspart base - The card.
 * @csspart heading - "In a call with …".
 * @csspart stage - The box holding both videos.
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
 * @cssprop --roulette-remote-fit - `object-fit` of the remote video (default `cover`).
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
  static override styles = [sharedStyles, callStyles];
  static override properties = {
    receiving: { type: Boolean, reflect: true },
    hideControls: { attribute: 'hide-controls' },
    blurStrangers: { type: Boolean, attribute: 'blur-strangers' },
  };

  /**
   * Controls not to show, space-separated: `share-screen`, `switch-camera`,
   * `picture-in-picture`, `full-screen` (attribute `hide-controls`).
   */
  hideControls?: string;

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

  protected readonly visibleIn: readonly Phase[] = ['in-call'];

  /** True once the remote video shows frames; reflected as `receiving`. */
  private receiving = false;

  /** Re-renders the duration every second. */
  private clock?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    // "Report", "Block" and the safety code (<roulette-call-safety>): a chunk of its own, defined when it arrives.
    void import('./call-safety.js');
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
  }

  #adopt(styles: CSSResultOrNative): void {
    if (!this.#lateStyles.includes(styles)) this.#lateStyles.push(styles);
    if (this.shadowRoot) adoptStyles(this.shadowRoot, [...(this.constructor as typeof RouletteCall).elementStyles, ...this.#lateStyles]);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
  }

  override render() {
    const { peer, notice, reconnecting, recovering, remoteStream, localStream, since, stats } = this.snapshot;
    const { muted, cameraOff, peerMuted, peerCameraOff } = this.snapshot;
    const session = this.activeSession;
    const has = (kind: string): boolean => !!localStream?.getTracks().some((t) => t.kind === kind);
    const elapsed = Math.max(0, Date.now() - (since ?? Date.now()));
    return html`
      <div part="base">
        <div class="bar">
          <h2 part="heading" tabindex="-1">${msg(str`In a call with ${peer ?? ''}`, { id: 'call.heading' })}</h2>
          <div class="meta">
            <span part="duration"><span class="sr-only">${msg('Duration', { id: 'call.duration' })} </span>${new Date(elapsed)
                .toISOString()
                .slice(elapsed < 36e5 ? 14 : 11, 19)}</span>
            ${stats && !recovering
              ? html`<details part="quality" class=${stats.quality}>
                  <summary>${stats.quality === 'good'
                    ? msg('Good connection', { id: 'call.quality-good' })
                    : stats.quality === 'fair'
                      ? msg('Fair connection', { id: 'call.quality-fair' })
                      : msg('Poor connection', { id: 'call.quality-poor' })}</summary>
                  <p>
                    ${msg(str`${stats.rtt ?? '–'} ms round trip`, { id: 'call.stats-rtt' })} · ${msg(str`${Math.round(stats.loss * 100)}% loss`, { id: 'call.stats-loss' })} · ↓${stats.inbound}
                    ↑${stats.outbound}${stats.available === undefined ? '' : ` ${msg(str`of ${stats.available}`, { id: 'call.stats-of' })}`} kbit/s ·
                    ${stats.relayed ? msg('relayed (TURN)', { id: 'call.stats-relayed' }) : msg('direct', { id: 'call.stats-direct' })}
                    ${stats.peer === stats.quality && stats.quality !== 'good'
                      ? html` · ${msg(str`as ${peer ?? theOtherPerson()} measures it`, { id: 'call.stats-peer' })}`
                      : nothing}
                  </p>
                </details>`
              : nothing}
          </div>
        </div>
        ${reconnecting || recovering || stats?.stalled
          ? html`<p class="banner" part="reconnecting" role="status">${reconnecting
              ? msg('Connection lost — reconnecting…', { id: 'banner.reconnecting' })
              : recovering
                ? msg('Reconnecting…', { id: 'banner.recovering' })
                : msg(str`Nothing is arriving from ${peer ?? theOtherPerson()} — waiting for the connection…`, { id: 'banner.stalled' })}</p>`
          : nothing}
        <div class="main">
        <div class="call">
        <div class="stage" part="stage">
          <video
            part="remote-video"
            aria-label=${msg(str`Video from ${peer ?? theOtherPerson()}`, { id: 'video.remote' })}
            playsinline
            autoplay
            ${mediaStream(remoteStream)}
            @resize=${this.onRemoteFrames}
            @loadeddata=${this.onRemoteFrames}
            @playing=${this.onRemoteFrames}
          ></video>
          ${this.#veil?.renderOverlay()}
          <div class="waiting ${peerCameraOff ? 'off' : ''}" part="waiting" role="status">
            <span>${peerCameraOff
              ? msg(str`${peer}'s camera is off`, { id: 'call.peer-camera-off' })
              : msg(str`Waiting for ${peer ?? theOtherPerson()}'s video…`, { id: 'call.waiting-video' })}</span>
          </div>
          <p class="peer-state" part="peer-state" role="status">${peerMuted ? msg(str`${peer} is muted`, { id: 'call.peer-muted' }) : ''}</p>
          ${this.#media?.renderStage()}
          <div class="local">
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
        <div class="controls">
          <button
            part="mute-button"
            class="toggle ${muted ? 'off' : ''}"
            type="button"
            aria-pressed=${!!muted}
            ?disabled=${!has('audio')}
            @click=${() => session?.setMuted(!muted)}
          >
            ${icon(ICONS.mic)}${msg('Mute', { id: 'call.mute' })}
          </button>
          <button
            part="camera-button"
            class="toggle ${cameraOff ? 'off' : ''}"
            type="button"
            aria-pressed=${has('video') && !cameraOff}
            ?disabled=${!has('video')}
            @click=${() => session?.setCameraOff(!cameraOff)}
          >
            ${icon(ICONS.camera)}${msg('Camera', { id: 'call.camera' })}
          </button>
          ${this.#media?.renderShare()}
          ${this.snapshot.matched
            ? html`<button part="next-button" type="button" @click=${this.onNext}>${icon(ICONS.next)}${msg('Next', { id: 'call.next' })}</button>`
            : nothing}
          <button part="hangup-button" class="danger" type="button" @click=${this.onHangUp}>${icon(ICONS.hangup)}${msg('Hang up', { id: 'call.hang-up' })}</button>
        </div>
        </div>
        ${this.#chat?.renderChat(this.snapshot, session)}
        </div>
        <roulette-call-safety part="safety" .session=${session} .state=${this.snapshot}></roulette-call-safety>
        ${this.#veil?.renderOption()}
        <roulette-devices part="devices" .session=${session}></roulette-devices>
        ${renderNotices(notice)}
      </div>
    `;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const before = changed.get('snapshot' as keyof RouletteCall) as SessionState | undefined;
    if (before && before.remoteStream !== this.snapshot.remoteStream) this.receiving = false;
    if (!this.snapshot.remoteStream) this.receiving = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const before = changed.get('snapshot' as keyof RouletteCall) as SessionState | undefined;
    const log = this.byPart('chat-log');
    if (log && changed.has('snapshot' as keyof RouletteCall) && before?.messages !== this.snapshot.messages) {
      log.scrollTop = log.scrollHeight;
    }
    // The chosen speaker, where the browser can pick one.
    const sink = this.snapshot.devices?.audiooutput;
    const remote = this.remoteVideo as (HTMLVideoElement & { sinkId?: string; setSinkId?(id: string): Promise<void> }) | null;
    if (sink && remote?.setSinkId && remote.sinkId !== sink) remote.setSinkId(sink).catch(() => undefined);
  }

  /**
   * A call that starts takes focus to "Mute" (or, without a microphone, the
   * call's heading): never to "Hang up" or "Next", so a key pressed just as
   * the call starts cannot end it.
   */
  protected override focusTarget(): HTMLElement | null {
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
  }

  private onHangUp(): void {
    void this.activeSession?.hangUp();
  }

  private onNext(): void {
    void this.activeSession?.next();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-call': RouletteCall;
  }
}
