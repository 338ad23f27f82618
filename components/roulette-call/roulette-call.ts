import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { SessionElement } from '../internal/session-element.js';
import { renderNotices } from '../internal/notices.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { Phase, SessionState } from '../session/roulette-session.js';
import { callStyles } from './roulette-call.styles.js';

/**
 * @summary The call: the other person's video (with a waiting state until
 * frames arrive), your muted preview, and "Hang up". Shown during a call.
 *
 * The host gets a `receiving` attribute once remote frames are shown.
 *
 * @csspart base - The card.
 * @csspart heading - "In a call with …".
 * @csspart stage - The box holding both videos.
 * @csspart remote-video - The other person's `<video>`.
 * @csspart local-video - Your own muted preview `<video>`.
 * @csspart waiting - The overlay shown until remote frames arrive.
 * @csspart hangup-button - The "Hang up" button.
 * @csspart reconnecting - The banner shown while the connection is resumed.
 * @csspart notice - The information message (`role="status"`).
 * @csspart error - The error message (`role="alert"`).
 *
 * @cssprop --roulette-danger - "Hang up" button colour.
 * @cssprop --roulette-video-background - Behind the videos.
 * @cssprop --roulette-remote-fit - `object-fit` of the remote video (default `cover`).
 * @cssprop --roulette-surface - Card background.
 * @cssprop --roulette-text - Text colour.
 * @cssprop --roulette-border - Borders.
 * @cssprop --roulette-focus-ring - Focus outline colour.
 * @cssprop --roulette-radius - Corner radius.
 * @cssprop --roulette-font - Font family.
 *
 * @fires roulette-call-start - Via the session (see `<roulette-session>`).
 * @fires roulette-call-end - Via the session (see `<roulette-session>`).
 */
export class RouletteCall extends SessionElement {
  static override styles = [sharedStyles, callStyles];

  protected readonly visibleIn: readonly Phase[] = ['in-call'];

  /** True once the remote video shows frames. */
  @state() private receiving = false;

  @query('[part="remote-video"]') private remoteVideo?: HTMLVideoElement;
  @query('[part="local-video"]') private localVideo?: HTMLVideoElement;

  override render() {
    const { peer, notice, reconnecting, connection, remoteStream, localStream } = this.snapshot;
    const connecting = connection !== undefined && connection !== 'connected';
    return html`
      <div part="base">
        <div class="bar">
          <h2 part="heading">In a call with ${peer ?? ''}</h2>
          <p class="muted" aria-live="polite">${connecting && this.receiving ? 'Connection unstable…' : ''}</p>
        </div>
        ${reconnecting
          ? html`<p class="banner" part="reconnecting" role="status">Connection lost — reconnecting…</p>`
          : nothing}
        <div class="stage" part="stage">
          <video
            part="remote-video"
            aria-label=${`Video from ${peer ?? 'the other person'}`}
            playsinline
            autoplay
            .srcObject=${remoteStream ?? null}
            @resize=${this.onRemoteFrames}
            @loadeddata=${this.onRemoteFrames}
            @playing=${this.onRemoteFrames}
          ></video>
          <div class="waiting" part="waiting" role="status">
            <span>Waiting for ${peer ?? 'the other person'}'s video…</span>
          </div>
          <div class="local">
            <video
              part="local-video"
              aria-label="Your camera"
              muted
              playsinline
              autoplay
              .muted=${true}
              .srcObject=${localStream ?? null}
            ></video>
          </div>
        </div>
        <div class="controls">
          <button part="hangup-button" class="danger" type="button" @click=${this.onHangUp}>Hang up</button>
        </div>
        ${renderNotices(notice)}
      </div>
    `;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const before = changed.get('snapshot' as keyof RouletteCall) as SessionState | undefined;
    if (before && before.remoteStream !== this.snapshot.remoteStream) this.receiving = false;
    if (!this.snapshot.remoteStream) this.receiving = false;
    this.toggleAttribute('receiving', this.receiving);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Autoplay is not reliable for off-screen or freshly attached streams: ask.
    for (const video of [this.remoteVideo, this.localVideo]) {
      if (video?.srcObject && video.paused) video.play().catch(() => undefined);
    }
  }

  protected override focusTarget(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part="hangup-button"]');
  }

  private onRemoteFrames(): void {
    const video = this.remoteVideo;
    if (video && video.videoWidth > 0 && !this.receiving) this.receiving = true;
  }

  private onHangUp(): void {
    void this.activeSession?.hangUp();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-call': RouletteCall;
  }
}
