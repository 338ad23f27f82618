// What tells a person about a call when they may not be looking: the ring
// and the ringback (ringer.ts), the page title while the tab is hidden, and
// an opt-in system notification. A plain class that follows a session; the
// `<roulette-session>` element loads it lazily (a chunk of its own) and
// owns one, with an assertive live region for the announcement.
import type { RouletteSession } from '../session/session.js';
import { Ringer, type Tone } from '../session/ringer.js';
import { incomingCallBody, incomingCallTitle } from '../session/wording.js';

export interface CallAlertsOptions {
  /** No ring and no ringback (the host's `silent` attribute). */
  silent(): boolean;
  /** A system notification for incoming calls, once permitted (the host's `notify` attribute). */
  notify(): boolean;
  /** Puts `text` in the host's assertive live region ('' clears it). */
  announce(text: string): void;
}

/**
 * Rings while a call comes in (until it is accepted, rejected, canceled or
 * times out), says "Incoming call from …" in an assertive live region,
 * plays the ringback while you call, shows "Incoming call from …"
 * as the page title while the tab is hidden (the title comes back after) and,
 * when notifications are on and permitted, as a system notification.
 *
 * Notification permission is never asked on load: `askOnGesture(host)` asks
 * on the person's first click or key press inside `host` while `notify` is
 * on (browsers only show the prompt for a user gesture).
 */
export class CallAlerts {
  readonly ringer = new Ringer();
  readonly #options: CallAlertsOptions;
  #session?: RouletteSession;
  /** The page's own title while ours is shown. */
  #savedTitle?: string;
  #notification?: Notification;
  #gestureHost?: HTMLElement;

  constructor(options: CallAlertsOptions) {
    this.#options = options;
  }

  /** Follows `session` (or nothing); call again when the host's attributes change. */
  follow(session: RouletteSession | undefined): void {
    if (session !== this.#session) {
      this.#session?.removeEventListener('change', this.update);
      this.#session = session;
      session?.addEventListener('change', this.update);
    }
    if (session) document.addEventListener('visibilitychange', this.update);
    else document.removeEventListener('visibilitychange', this.update);
    this.update();
  }

  /** Asks for notification permission on the first click or key press inside `host` (while `notify` is on). */
  askOnGesture(host: HTMLElement | undefined): void {
    for (const type of ['click', 'keydown']) {
      this.#gestureHost?.removeEventListener(type, this.#onGesture);
      host?.addEventListener(type, this.#onGesture);
    }
    this.#gestureHost = host;
  }

  /** Stops everything and lets the session go. */
  close(): void {
    this.follow(undefined);
    this.askOnGesture(undefined);
    this.ringer.close();
  }

  #lastInputs = '';

  /** Brings tone, title and notification in line with the session's state. */
  readonly update = (): void => {
    const state = this.#session?.state;
    const incoming = state?.phase === 'incoming' && !state.answering ? state.peer : undefined;
    const tone: Tone | undefined = incoming ? 'ring' : state?.phase === 'outgoing' ? 'ringback' : undefined;
    // Every change of the session comes here (in a call: a stats sample every
    // 2 s); only these decide anything, so the rest costs nothing.
    const inputs = `${incoming ?? ''}|${tone ?? ''}|${document.hidden}|${this.#mayNotify()}`;
    if (inputs === this.#lastInputs && !incoming) return;
    this.#lastInputs = inputs;
    if (tone && !this.#options.silent()) this.ringer.start(tone);
    else this.ringer.stop();
    this.#options.announce(incoming ? incomingCallTitle(incoming) : '');

    if (incoming && document.hidden) {
      this.#savedTitle ??= document.title;
      document.title = incomingCallTitle(incoming);
    } else if (this.#savedTitle !== undefined) {
      document.title = this.#savedTitle;
      this.#savedTitle = undefined;
    }

    if (!incoming || this.#notification?.tag !== `roulette-incoming-${incoming}`) {
      this.#notification?.close();
      this.#notification = undefined;
    }
    if (incoming && !this.#notification && this.#mayNotify() && (document.hidden || !document.hasFocus())) {
      const notification = new Notification(incomingCallTitle(incoming), {
        body: incomingCallBody(),
        tag: `roulette-incoming-${incoming}`,
      });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      this.#notification = notification;
    }
  };

  #mayNotify(): boolean {
    return this.#options.notify() && typeof Notification !== 'undefined' && Notification.permission === 'granted';
  }

  readonly #onGesture = (): void => {
    // A ring the browser held back for want of a gesture can start now.
    if (this.ringer.playing) this.ringer.context?.resume().catch(() => undefined);
    if (this.#options.notify() && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      Notification.requestPermission().then(this.update, () => undefined);
    }
  };
}
