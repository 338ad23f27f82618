// SessionController: how an element follows a Roulette session. It picks the
// session (the one set on the element, else the one the nearest
// `<roulette-session>` provides), listens to it while the element is
// connected, and hands each new snapshot to the element, which re-renders.
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sessionContext } from '../context.js';
import type { RouletteSession } from '../session/session.js';
import { initialState, type SessionState } from '../session/state.js';

/** What an element without a session shows. */
const NO_SESSION: SessionState = initialState('');

export class SessionController implements ReactiveController {
  readonly #onState: (state: SessionState) => void;
  /** The session of the nearest `<roulette-session>`; a new one is followed at once. */
  readonly #provided: ContextConsumer<typeof sessionContext, ReactiveControllerHost & HTMLElement>;
  #set?: RouletteSession;
  #followed?: RouletteSession;
  #connected = false;

  /** `onState` gets the snapshot to render: on every change, and when the session followed changes. */
  constructor(host: ReactiveControllerHost & HTMLElement, onState: (state: SessionState) => void) {
    this.#onState = onState;
    host.addController(this);
    this.#provided = new ContextConsumer(host, { context: sessionContext, subscribe: true, callback: () => this.#follow() });
  }

  /** The session in use: the one set on the element, else the provided one. */
  get session(): RouletteSession | undefined {
    return this.#set ?? this.#provided.value;
  }

  /** The session set on the element (`undefined`: use the provided one). */
  set session(session: RouletteSession | undefined) {
    this.#set = session;
    this.#follow();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#follow();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#follow();
  }

  /** Listens to the session in use while connected, and to none otherwise. */
  #follow(): void {
    const session = this.#connected ? this.session : undefined;
    if (session === this.#followed) return;
    this.#followed?.removeEventListener('change', this.#onChange);
    this.#followed = session;
    session?.addEventListener('change', this.#onChange);
    this.#onChange();
  }

  readonly #onChange = (): void => this.#onState(this.#followed?.state ?? NO_SESSION);
}
