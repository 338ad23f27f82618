// "A stranger's picture waits for your yes": in a call with a stranger (a
// random match), the other person's video starts blurred and dimmed, its
// sound plays, and one control, "Show video", reveals it for this call only.
// The site picks the default (`blur-strangers` on <roulette-call>); the
// person can change it (a checkbox in every stranger call), remembered for
// the site in localStorage. The stranger is not told: nothing is sent.
//
// Everywhere the picture can go, it stays veiled: the stage in full screen
// (the blur is on the video inside it), the Document Picture-in-Picture
// window (picture-in-picture.ts asks isVeiled() and blurs its own copy), and
// the video element's own picture-in-picture — which CSS cannot blur — is
// refused while veiled (`disablepictureinpicture`, and left if open).
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg, str } from '../internal/localize.js';
import type { RouletteSession } from '../session/session.js';
import { theOtherPerson } from '../session/wording.js';

/** The person's own choice, for this site (localStorage is per origin): "on", "off", or none (the site's default). */
const KEY = 'roulette-blur-strangers';

function storedChoice(): boolean | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'on' ? true : value === 'off' ? false : undefined;
  } catch {
    return undefined; // storage blocked: the site's default
  }
}

function storeChoice(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // storage blocked: the choice holds for this page only (see #choice)
  }
}

/** Per session: whether blurring is on, the call (its `since`) whose stranger was shown, and who to tell. */
interface VeilRecord {
  enabled: boolean;
  shownCall?: number;
  changed?(): void;
}

const records = new WeakMap<RouletteSession, VeilRecord>();

/** Whether `session`'s current call shows the other person blurred. */
export function isVeiled(session: RouletteSession | undefined): boolean {
  const record = session && records.get(session);
  const state = session?.state;
  return !!record?.enabled && state?.phase === 'in-call' && !!state.matched && record.shownCall !== state.since;
}

/** "Show video": the stranger of the current call is shown, until the call ends. */
export function showStranger(session: RouletteSession | undefined): void {
  const record = session && records.get(session);
  if (!record || !session) return;
  record.shownCall = session.state.since;
  record.changed?.();
}

/** What the veil needs of `<roulette-call>`. */
export interface VeilHost extends ReactiveControllerHost, HTMLElement {
  readonly activeSession?: RouletteSession;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The site's default (attribute `blur-strangers`). */
  blurStrangers?: boolean;
}

export const veilStyles = css`
  /* Strong enough that nothing can be made out, dim enough not to flash. */
  :host([veiled]) [part~='remote-video'] {
    filter: blur(48px) brightness(0.45) saturate(0.5);
  }
  .veil {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.6rem;
    padding: 1rem;
    text-align: center;
    color: #fff;
    text-shadow: 0 1px 3px #000;
    /* Report, Next and the stage's own buttons stay usable around it. */
    pointer-events: none;
  }
  .veil button {
    pointer-events: auto;
  }
  .veil-option {
    display: flex;
    align-items: center;
    gap: 0.4rem;
  }
`;

export class StrangerVeil implements ReactiveController {
  readonly #host: VeilHost;
  /** The choice made on this page when storage is blocked. */
  #choice?: boolean;

  constructor(host: VeilHost) {
    this.#host = host;
    host.addController(this);
  }

  get #enabled(): boolean {
    return this.#choice ?? storedChoice() ?? !!this.#host.blurStrangers;
  }

  get #session(): RouletteSession | undefined {
    return this.#host.activeSession;
  }

  hostUpdate(): void {
    const session = this.#session;
    if (!session) return;
    let record = records.get(session);
    if (!record) records.set(session, (record = { enabled: false }));
    record.enabled = this.#enabled;
    record.changed = () => this.#host.requestUpdate();
  }

  hostUpdated(): void {
    const veiled = isVeiled(this.#session);
    this.#host.toggleAttribute('veiled', veiled);
    const video = this.#host.renderRoot.querySelector<HTMLVideoElement>('[part~="remote-video"]');
    if (!video) return;
    // The browser's own picture-in-picture shows the raw frames: not while
    // veiled. The attribute, not only the property: Firefox's own
    // picture-in-picture toggle reads the attribute and has no property.
    video.toggleAttribute('disablepictureinpicture', veiled);
    if (veiled && document.pictureInPictureElement === video) void document.exitPictureInPicture().catch(() => undefined);
  }

  /** Over the remote video: what is blurred and "Show video"; an announcement when a call starts veiled. */
  renderOverlay() {
    const session = this.#session;
    const veiled = isVeiled(session);
    const sentence = msg(str`Video from ${session?.state.peer ?? theOtherPerson()} is blurred until you choose to see it.`, { id: 'veil.notice' });
    return html`<p class="sr-only" role="status">${veiled ? sentence : ''}</p>
      ${veiled
        ? html`<div class="veil" part="veil">
            <p aria-hidden="true">${sentence}</p>
            <button part="show-video-button" type="button" @click=${() => showStranger(session)}>${msg('Show video', { id: 'veil.show' })}</button>
          </div>`
        : nothing}`;
  }

  /** In a call with a stranger: the person's own choice, for the next strangers too. */
  renderOption() {
    if (!this.#session?.state.matched) return nothing;
    return html`<label class="veil-option" part="blur-strangers-option">
      <input type="checkbox" .checked=${this.#enabled} @change=${this.#choose} />
      ${msg("Blur strangers' video until I choose to see it", { id: 'veil.option' })}
    </label>`;
  }

  readonly #choose = (event: Event): void => {
    const on = (event.target as HTMLInputElement).checked;
    this.#choice = on;
    storeChoice(on);
    this.#host.requestUpdate();
  };
}
