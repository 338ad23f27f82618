// The call view's media controls beyond the camera: "Share screen" / "Stop
// sharing" (in the control bar, or in "More" on a narrow bar), and over the
// stage "Switch camera", "Picture in picture" and "Full screen" (of the whole
// call view, bar included), plus the notice that the other person shares
// their screen. A controller, so `<roulette-call>` only places
// what it renders; the work is done by session/screen-share.ts (through the
// session), session/camera-switch.ts and picture-in-picture.ts (fetched on
// first use).
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { icon } from '../internal/icon.js';
import { msg, str } from '../internal/localize.js';
import { listCameras, nextCamera } from '../session/camera-switch.js';
import type { RouletteSession } from '../session/session.js';
import type { PipView } from './picture-in-picture.js';

const ICONS = {
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  flip: 'M4 8h3l2-3h6l2 3h3v11H4zM9 13a3 3 0 0 1 5.5-1.6M15 14a3 3 0 0 1-5.5 1.6M14.5 9v2.4h-2.4M9.5 18v-2.4h2.4',
  pip: 'M3 5h18v14H3zM12 12h7v5h-7z',
  fullscreen: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
};

/** The controls a host can hide with `hide-controls` (space-separated). */
export type MediaControl = 'share-screen' | 'switch-camera' | 'picture-in-picture' | 'full-screen';

/** What the controls need of `<roulette-call>`. */
export interface MediaControlsHost extends ReactiveControllerHost, HTMLElement {
  readonly activeSession?: RouletteSession;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** `hide-controls`: the controls not to show. */
  hideControls?: string;
}

export class MediaControls implements ReactiveController {
  readonly #host: MediaControlsHost;
  #cameras = 0;
  #pip?: PipView;
  #videoPip = false;

  constructor(host: MediaControlsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#countCameras);
    document.addEventListener('fullscreenchange', this.#changed);
    void this.#countCameras();
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#countCameras);
    document.removeEventListener('fullscreenchange', this.#changed);
    this.#pip?.close();
  }

  hostUpdated(): void {
    const state = this.#session?.state;
    // Reflected for the page's styles, and ours (a shared screen is shown whole).
    this.#host.toggleAttribute('sharing', !!state?.sharing);
    this.#host.toggleAttribute('peer-sharing', !!state?.peerSharing);
    if (state?.phase !== 'in-call') this.#pip?.close();
    else this.#pip?.update();
  }

  /**
   * "Share screen" / "Stop sharing", for the control bar: one button whose
   * label follows the share, so keyboard focus stays on it when pressed.
   */
  renderShare() {
    const state = this.#session?.state;
    if (!this.#shows('share-screen') || !canShareScreen()) return nothing;
    const sends = !!state?.localStream?.getVideoTracks().length;
    const sharing = !!state?.sharing;
    const label = sharing ? msg('Stop sharing', { id: 'call.stop-sharing' }) : msg('Share screen', { id: 'call.share-screen' });
    return html`<button
      part="share-button"
      class="ctl toggle ${sharing ? 'off' : ''}"
      type="button"
      title=${label}
      ?disabled=${!sharing && (!sends || state?.phase !== 'in-call')}
      @click=${this.#toggleShare}
    ><span class="disc">${icon(ICONS.screen)}</span><span class="label">${label}</span></button>`;
  }

  /** The same for the "More" menu, where the bar is too narrow for it. */
  shareItem(): { part: string; label: string; run: () => void } | undefined {
    const state = this.#session?.state;
    if (!this.#shows('share-screen') || !canShareScreen() || state?.phase !== 'in-call') return undefined;
    if (!state.sharing && !state.localStream?.getVideoTracks().length) return undefined;
    const label = state.sharing ? msg('Stop sharing', { id: 'call.stop-sharing' }) : msg('Share screen', { id: 'call.share-screen' });
    return { part: 'share', label, run: this.#toggleShare };
  }

  /** Over the stage: the other side's screen-share notice. */
  renderNotice() {
    const state = this.#session?.state;
    return html`<p class="share-notice" part="share-notice" role="status">${state?.peerSharing ? msg(str`${state.peer} is sharing their screen`, { id: 'call.peer-sharing' }) : ''}</p>`;
  }

  /** Over the stage: Switch camera, Picture in picture, Full screen. */
  renderTools() {
    const state = this.#session?.state;
    const pip = this.#shows('picture-in-picture') && (documentPip() || document.pictureInPictureEnabled);
    const full = this.#shows('full-screen') && document.fullscreenEnabled;
    const flip = this.#shows('switch-camera') && this.#cameras > 1 && !!state?.localStream?.getVideoTracks().length;
    const inFull = !!this.#view && this.#host.shadowRoot?.fullscreenElement === this.#view;
    const tool = (name: string, d: string, pressed: boolean | undefined, part: string, click: () => void) =>
      html`<button part=${part} class="tool" type="button" title=${name} aria-pressed=${pressed ?? nothing} @click=${click}>
        ${icon(d)}<span class="sr-only">${name}</span>
      </button>`;
    return html`
      ${flip ? tool(msg('Switch camera', { id: 'call.switch-camera' }), ICONS.flip, undefined, 'switch-camera-button', this.#switchCamera) : nothing}
      ${pip ? tool(msg('Picture in picture', { id: 'call.picture-in-picture' }), ICONS.pip, !!this.#pip || this.#videoPip, 'pip-button', this.#togglePip) : nothing}
      ${full ? tool(msg('Full screen', { id: 'call.full-screen' }), ICONS.fullscreen, inFull, 'fullscreen-button', this.#toggleFullscreen) : nothing}
    `;
  }

  get #session(): RouletteSession | undefined {
    return this.#host.activeSession;
  }

  /** The whole call view (stage and bar): what goes full screen, so the controls stay. */
  get #view(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part~="base"]');
  }

  #shows(control: MediaControl): boolean {
    return !(this.#host.hideControls ?? '').split(/\s+/).includes(control);
  }

  readonly #changed = (): void => this.#host.requestUpdate();

  readonly #countCameras = async (): Promise<void> => {
    const count = (await listCameras().catch(() => [])).length;
    if (count !== this.#cameras) {
      this.#cameras = count;
      this.#host.requestUpdate();
    }
  };

  readonly #toggleShare = (): void => {
    const session = this.#session;
    if (session?.state.sharing) session.stopScreenShare();
    else void session?.shareScreen();
  };

  readonly #switchCamera = async (): Promise<void> => {
    const session = this.#session;
    const id = await nextCamera(session?.state.localStream?.getVideoTracks()[0]);
    if (id) await session?.useDevice('videoinput', id);
  };

  readonly #toggleFullscreen = (): void => {
    const view = this.#view;
    if (!view) return;
    if (this.#host.shadowRoot?.fullscreenElement === view) void document.exitFullscreen().catch(() => undefined);
    else void view.requestFullscreen().catch(() => undefined);
  };

  /**
   * The remote video in its own always-on-top window: Document
   * Picture-in-Picture (with Mute, Camera and Hang up inside) where the
   * browser has it, else the video element's own picture-in-picture.
   */
  readonly #togglePip = async (): Promise<void> => {
    const video = this.#host.renderRoot.querySelector<HTMLVideoElement>('[part~="remote-video"]');
    const session = this.#session;
    if (this.#pip) return this.#pip.close();
    if (this.#videoPip) return void document.exitPictureInPicture().catch(() => undefined);
    if (!video || !session) return;
    if (!documentPip()) {
      video.addEventListener('leavepictureinpicture', () => ((this.#videoPip = false), this.#host.requestUpdate()), { once: true });
      await video.requestPictureInPicture().then(() => (this.#videoPip = true), () => undefined);
      return this.#host.requestUpdate();
    }
    const { openPictureInPicture } = await import('./picture-in-picture.js');
    const view = await openPictureInPicture(session, () => {
      if (this.#pip === view) this.#pip = undefined;
      this.#host.requestUpdate();
    }).catch(() => undefined);
    this.#pip = view;
    this.#host.requestUpdate();
  };
}

/** Document Picture-in-Picture: a small always-on-top window the page fills itself. */
function documentPip(): boolean {
  return 'documentPictureInPicture' in window;
}

/** Screens can be shared: `getDisplayMedia` exists (not on phones). */
function canShareScreen(): boolean {
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}
