// The lobby's camera and microphone check: your own picture and a level
// meter for your microphone, before any call. Off until the person turns it
// on; the choice is remembered for this site (localStorage is per origin).
// Off stops the camera and microphone. A chunk of its own, loaded with the
// lobby.
//
// Under the preview, the background chooser (<roulette-background>, a chunk
// loaded when the check is first on): the preview shows the chosen effect,
// run on the check's own camera by the call's code (camera-effect.ts, loaded
// when an effect is chosen), so what you see here is what a call will send.
// If the effect cannot run, the check's camera goes off and a notice says
// why. The choice is the one calls use (choice-store.ts); a call starting
// takes the check (and its effect) away.
//
// Extension point: other effects for your picture go in the `effects` slot,
// under the chooser; they find the check's stream as `stream` and hear of
// every new one through the `roulette-check-stream` event (bubbling within
// the lobby's shadow root, `detail`: the stream or `undefined` when off).
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { define } from '../internal/define.js';
import { msg, updateWhenLocaleChanges } from '../internal/localize.js';
import { mediaStream } from '../internal/media-stream.js';
import { panelStyles } from '../internal/panel.styles.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { loadBackground, type Background } from '../session/background/choice.js';
import type { CameraEffect } from '../session/background/camera-effect.js';
import type { DeviceChoice } from '../session/devices.js';
import { isMediaProblem, openCamera, stopStream } from '../session/media.js';

const KEY = 'roulette-camera-check';

/** Whether the person left the check on here. */
export function checkIsOn(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false; // storage blocked: off
  }
}

function rememberCheck(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // storage blocked: remembered for this page only
  }
}

/** The microphone's level, 0–1: its loudness from -60 dBFS (0) to 0 dBFS (1). */
function levelOf(analyser: AnalyserNode, samples: Float32Array<ArrayBuffer>): number {
  analyser.getFloatTimeDomainData(samples);
  let sum = 0;
  for (const s of samples) sum += s * s;
  const db = 10 * Math.log10(sum / samples.length || 1e-12);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/**
 * @summary "Check camera and microphone": a toggle; when on, your mirrored
 * preview and a microphone level meter.
 *
 * @slot effects - Effects for your picture, shown under the background chooser while the check is on.
 * @csspart toggle - The "Check camera and microphone" toggle button (`aria-pressed`).
 * @csspart check-preview - Your camera's picture.
 * @csspart level - The microphone level (`<meter>`).
 * @csspart background - The background chooser (`<roulette-background>`); the preview shows its choice.
 * @fires roulette-check-stream - (within the lobby) the check's stream started (`detail`) or stopped (`undefined`).
 */
export class CameraCheck extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      /* The toggle shows a switch: off grey, on in the accent colour. */
      [part='toggle'] {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 0.75rem;
      }
      [part='toggle']::after {
        content: '';
        flex: none;
        width: 2.25rem;
        height: 1.25rem;
        border-radius: 999px;
        background: radial-gradient(circle at 0.625rem 50%, var(--_surface) 0.45rem, transparent 0.5rem) var(--_muted);
      }
      [part='toggle'][aria-pressed='true']::after {
        background: radial-gradient(circle at 1.625rem 50%, var(--_accent-text) 0.45rem, transparent 0.5rem) var(--_accent);
      }
      /* Your picture and its level, one column under the toggle. */
      .checked {
        justify-self: center;
        display: grid;
        gap: 0.5rem;
        width: min(100%, 20rem);
      }
      .preview {
        aspect-ratio: 4 / 3;
        overflow: hidden;
        border-radius: calc(var(--_radius) * 0.8);
        background: var(--roulette-video-background, #0d0e12);
      }
      video {
        display: block;
        width: 100%;
        height: 100%;
        object-fit: cover;
        transform: scaleX(-1);
      }
      .level {
        display: grid;
        grid-template-columns: auto 1fr;
        align-items: center;
        gap: 0.75rem;
      }
      label {
        font-weight: 500;
        font-size: 0.9rem;
      }
      meter {
        width: 100%;
        height: 0.75rem;
      }
    `,
  ];
  static override properties = {
    devices: { attribute: false },
    on: { state: true },
    stream: { state: true },
    problem: { state: true },
  };

  /** The chosen devices (the session's `devices`): a new choice restarts the check's stream. */
  devices?: DeviceChoice;

  /** The check's own camera and microphone while on (with the processed picture while an effect is on). */
  stream?: MediaStream;

  /** The background effect on the check's camera, once one was chosen. */
  effect?: CameraEffect;

  private on = checkIsOn();
  private problem?: string;
  private audio?: AudioContext;
  private meterTimer?: ReturnType<typeof setInterval>;
  /** Counts starts, so a slow camera that answers after the check was turned off is stopped at once. */
  private attempt = 0;
  /** The stream the camera opened: the effect puts its processed track in it. */
  private opened?: MediaStream;
  /** A background chosen here or in the device panel: the preview follows it. */
  private readonly onBackground = (event: Event) => void this.applyBackground((event as CustomEvent<{ background: Background }>).detail.background);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('roulette-background-change', this.onBackground);
    if (this.on) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('roulette-background-change', this.onBackground);
    this.stop();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('devices') && changed.get('devices') !== undefined && this.on) void this.start();
    if (changed.has('stream')) this.meter();
  }

  override render() {
    return html`
      <button part="toggle" class="secondary" type="button" aria-pressed=${this.on ? 'true' : 'false'} @click=${this.toggle}>
        ${msg('Check camera and microphone', { id: 'lobby.check' })}
      </button>
      ${this.on && this.stream
        ? html`<div class="checked">
              <div class="preview">
                <video part="check-preview" aria-label=${msg('Your camera', { id: 'video.self' })} muted playsinline autoplay .muted=${true} ${mediaStream(this.stream)}></video>
              </div>
              <div class="level">
                <label for="level">${msg('Microphone', { id: 'lobby.check-level' })}</label>
                <meter part="level" id="level" min="0" max="1" low="0.15" high="0.9" optimum="0.5" value="0"></meter>
              </div>
              <roulette-background part="background"></roulette-background>
              <slot name="effects"></slot>
            </div>`
        : nothing}
      ${this.on && !this.stream && !this.problem ? html`<p class="muted">${msg('Starting your camera…', { id: 'lobby.answering' })}</p>` : nothing}
      <div class="notice" role="alert">${this.on ? (this.problem ?? '') : ''}</div>
    `;
  }

  private toggle(): void {
    this.on = !this.on;
    rememberCheck(this.on);
    if (this.on) void this.start();
    else this.stop();
  }

  /**
   * Puts `background` on the check's camera (the call's effect code, with
   * the check as its call: no peer connection). Resolves when applied, or
   * failed: then the camera is off and the notice says why.
   */
  private async applyBackground(background: Background): Promise<void> {
    const opened = this.opened;
    if (!opened || (background === 'none' && !this.effect)) return;
    if (!this.effect) {
      const { CameraEffect } = await import('../session/background/camera-effect.js');
      if (this.opened !== opened) return; // turned off or restarted meanwhile
      this.effect ??= new CameraEffect(
        { localStream: opened, pc: undefined, sendMediaState: () => undefined },
        {
          update: (patch) => {
            if (this.opened !== opened) return;
            if (patch.notice) this.problem = patch.notice.message;
            if (patch.localStream) this.show(patch.localStream);
          },
        },
      );
    }
    await this.effect.apply(background);
    // None after a failure: the person chose to show the room again (the effect left the camera off).
    if (background === 'none' && this.opened === opened) {
      for (const track of opened.getVideoTracks()) track.enabled = true;
      this.problem = undefined;
    }
  }

  /** Shows `stream` in the preview and tells the effects slot. */
  private show(stream: MediaStream): void {
    this.stream = stream;
    this.dispatchEvent(new CustomEvent('roulette-check-stream', { detail: stream, bubbles: true }));
  }

  /** Opens (or re-opens) the camera and microphone chosen in the device chooser. */
  private async start(): Promise<void> {
    const attempt = ++this.attempt;
    this.problem = undefined;
    try {
      const stream = await openCamera();
      if (attempt !== this.attempt || !this.on || !this.isConnected) return stopStream(stream);
      this.release();
      this.opened = stream;
      // The chooser arrives as a chunk of its own (it is also in the device panel's).
      void import('../define/roulette-background.js');
      const background = loadBackground();
      // An effect chosen before: on before the preview shows anything, so the room is not shown as if blurred.
      if (background !== 'none') await this.applyBackground(background);
      if (this.opened === stream) this.show(new MediaStream(stream.getTracks()));
    } catch (problem) {
      if (attempt !== this.attempt) return;
      this.release();
      this.problem = isMediaProblem(problem) ? (problem.text?.() ?? problem.message) : msg('Your camera or microphone could not be started.', { id: 'notice.media-failed' });
    }
  }

  /** Turns the check's camera and microphone off. */
  private stop(): void {
    this.attempt += 1;
    this.release();
  }

  private release(): void {
    // The meter stops with the stream, even in a check taken out of the page (which renders no more).
    clearInterval(this.meterTimer);
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    const opened = this.opened;
    this.opened = undefined;
    // The stream's tracks (a processed one among them) first, then the effect: it stops the camera's own track.
    stopStream(opened);
    this.effect?.stop();
    this.effect = undefined;
    if (!this.stream) return;
    stopStream(this.stream);
    this.stream = undefined;
    this.dispatchEvent(new CustomEvent('roulette-check-stream', { detail: undefined, bubbles: true }));
  }

  /** Follows the microphone's loudness with an AnalyserNode, ten times a second, while there is a stream. */
  private meter(): void {
    clearInterval(this.meterTimer);
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    const stream = this.stream;
    if (!stream?.getAudioTracks().length) return;
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.audio = audio;
    // Turned on again after a reload there is no gesture yet: the level starts with the person's first one.
    if (audio.state === 'suspended') for (const type of ['pointerdown', 'keydown']) this.addEventListener(type, () => void audio.resume(), { once: true });
    this.meterTimer = setInterval(() => {
      const meter = this.renderRoot.querySelector('meter');
      if (meter) meter.value = levelOf(analyser, samples);
    }, 100);
  }
}

define('roulette-camera-check', CameraCheck);

declare global {
  interface HTMLElementTagNameMap {
    'roulette-camera-check': CameraCheck;
  }
}
