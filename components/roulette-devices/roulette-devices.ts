import { html, nothing } from 'lit';
import { msg, str } from '../internal/localize.js';
import { define } from '../internal/define.js';
import { SessionElement } from '../internal/session-element.js';
import { RouletteBackground } from '../roulette-background/roulette-background.js';
import { sharedStyles } from '../internal/shared.styles.js';
import { listDevices } from '../session/devices.js';
import type { Phase } from '../session/session.js';
import { devicesStyles } from './roulette-devices.styles.js';

// The background chooser sits in this panel, before and during a call.
define('roulette-background', RouletteBackground);

/** Each kind of device: its part name and its label (in the page's language). */
const KINDS = [
  ['videoinput', 'camera', () => msg('Camera', { id: 'devices.camera' })],
  ['audioinput', 'microphone', () => msg('Microphone', { id: 'devices.microphone' })],
  ['audiooutput', 'speaker', () => msg('Speaker', { id: 'devices.speaker' })],
] as const;

/**
 * @tagname roulette-devices
 * @summary "Camera and microphone": choose the camera, microphone and (where
 * the browser can, `setSinkId`) speaker, before or during a call. The choice
 * is remembered for the next visit; during a call the new camera or
 * microphone replaces the old one without interrupting it. Below them,
 * `<roulette-background>`: none, blur or the site's pictures. Part of
 * `<roulette-lobby>` and `<roulette-call>`.
 *
 * Opening the panel lists the devices (the browser may ask for the camera
 * first, to show their names).
 *
 * @csspart base - The `<details>` panel.
 * @csspart summary - Its "Camera and microphone" heading.
 * @csspart camera-select - The "Camera" list.
 * @csspart microphone-select - The "Microphone" list.
 * @csspart speaker-select - The "Speaker" list.
 * @csspart background - The background chooser (`<roulette-background>`).
 *
 * @cssprop --roulette-surface - Background of the lists.
 * @cssprop --roulette-surface-alt - Panel background.
 * @cssprop --roulette-text - Text colour.
 * @cssprop --roulette-muted - Secondary text colour.
 * @cssprop --roulette-border - Borders.
 * @cssprop --roulette-focus-ring - Focus outline colour.
 * @cssprop --roulette-radius - Corner radius.
 * @cssprop --roulette-font - Font family.
 */
export class RouletteDevices extends SessionElement {
  static override styles = [sharedStyles, devicesStyles];
  static override properties = { found: { state: true } };

  protected readonly visibleIn: readonly Phase[] = ['idle', 'searching', 'outgoing', 'incoming', 'in-call'];

  /** The devices found when the panel was last opened. */
  private found?: MediaDeviceInfo[];

  override render() {
    const { devices, localStream } = this.snapshot;
    return html`
      <details part="base" @toggle=${this.onToggle}>
        <summary part="summary">${msg('Camera and microphone', { id: 'devices.summary' })}</summary>
        <div class="list">
          ${this.found
            ? KINDS.map(([kind, name, labelOf]) => {
                const label = labelOf();
                const list = this.found!.filter((d) => d.kind === kind);
                if (!list.length || (kind === 'audiooutput' && !('setSinkId' in HTMLMediaElement.prototype))) return nothing;
                const track = kind !== 'audiooutput' && localStream?.getTracks().find((t) => kind.startsWith(t.kind));
                const current = devices?.[kind] ?? (track ? track.getSettings().deviceId : undefined);
                return html`<label
                  >${label}
                  <select
                    part=${`${name}-select`}
                    @change=${(event: Event) => this.activeSession?.useDevice(kind, (event.target as HTMLSelectElement).value)}
                  >
                    ${list.map(
                      (d, i) =>
                        html`<option value=${d.deviceId} ?selected=${d.deviceId === current}>${d.label || msg(str`${label} ${i + 1}`, { id: 'devices.unnamed' })}</option>`,
                    )}
                  </select></label
                >`;
              })
            : html`<p class="muted">${msg('Looking for devices…', { id: 'devices.looking' })}</p>`}
          <roulette-background part="background"></roulette-background>
        </div>
      </details>
    `;
  }

  private async onToggle(event: Event): Promise<void> {
    if ((event.target as HTMLDetailsElement).open) this.found = await listDevices();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-devices': RouletteDevices;
  }
}
