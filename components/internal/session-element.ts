// SessionElement: the base of the Roulette elements that render a session
// (login, lobby, call, devices). It follows the session through a
// SessionController, shows itself only in its phases, reflects the state
// worth styling (`state`, `active`, `reconnecting`) and keeps keyboard focus
// when a view appears. Every one renders again when the page's language (or a
// host's string override) changes.
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { RouletteSession } from '../session/session.js';
import { initialState, type Phase, type SessionState } from '../session/state.js';
import { updateWhenLocaleChanges } from './localize.js';
import { SessionController } from './session-controller.js';

/**
 * Focus may be moved to the view of `phase`: it was lost (the control that
 * had it is gone), or it is still in a Roulette view that has nothing to show
 * in `phase` (that view is being hidden; browsers blur a hidden control only
 * at their next rendering step, too late for the view that appears).
 */
function focusIsFree(phase: Phase): boolean {
  const active = document.activeElement;
  if (active === null || active === document.body || active === document.documentElement) return true;
  return active instanceof SessionElement && !active.showsIn(phase);
}

/**
 * Base of the Roulette elements: renders a `RouletteSession` given as the
 * `session` property or, when unset, the one the nearest `<roulette-session>`
 * provides. Shows itself only in the phases listed by `visibleIn`.
 */
export abstract class SessionElement extends LitElement {
  // Declared here rather than with lit's decorators, whose helper code the
  // bundle would carry once per element module.
  static override properties: PropertyDeclarations = {
    session: { attribute: false, noAccessor: true },
    snapshot: { state: true },
    shownPhase: { attribute: 'state', reflect: true },
    active: { type: Boolean, reflect: true },
    reconnecting: { type: Boolean, reflect: true },
  };

  /** Follows the session in use; every change re-renders the element. */
  readonly #follow = new SessionController(this, (state) => (this.snapshot = state));

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Re-rendered on every session change. */
  protected snapshot: SessionState = initialState('');

  /** The session's phase, reflected as the `state` attribute. */
  protected shownPhase?: Phase;

  /** Reflected: this element has something to show in the current phase. */
  protected active?: boolean;

  /** Reflected: signaling is being resumed. */
  protected reconnecting?: boolean;

  /** Phases in which this element has something to show. */
  protected abstract readonly visibleIn: readonly Phase[];

  /**
   * The session to render. When unset, the element uses the session of the
   * nearest `<roulette-session>` ancestor.
   */
  get session(): RouletteSession | undefined {
    return this.#session;
  }

  set session(session: RouletteSession | undefined) {
    const old = this.#session;
    this.#session = session;
    this.#follow.session = session;
    this.requestUpdate('session', old);
  }

  #session?: RouletteSession;

  /** The session in use: the `session` property, else the provided one. */
  get activeSession(): RouletteSession | undefined {
    return this.#follow.session;
  }

  /**
   * A view with nothing to show, before and still, skips the render a new
   * snapshot would cost: in a call the session changes with every stats
   * sample (2 s), and the hidden login and lobby rendered each time.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const previous = changed.get('snapshot' as keyof SessionElement) as SessionState | undefined;
    return !(
      changed.size === 1 &&
      previous &&
      !this.visibleIn.includes(this.snapshot.phase) &&
      previous.phase === this.snapshot.phase &&
      previous.reconnecting === this.snapshot.reconnecting &&
      this.hasUpdated
    );
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const phase = this.snapshot.phase;
    this.shownPhase = phase;
    this.active = this.activeSession !== undefined && this.showsIn(phase);
    this.reconnecting = this.snapshot.reconnecting;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const previous = changed.get('snapshot' as keyof SessionElement) as SessionState | undefined;
    // The control that had focus may have gone with the previous view: hand
    // focus to this view's main control so keyboard users are not lost.
    if (previous && previous.phase !== this.snapshot.phase && this.active && focusIsFree(this.snapshot.phase)) {
      this.focusTarget()?.focus();
    }
  }

  /** Whether this view has something to show in `phase`. */
  showsIn(phase: Phase): boolean {
    return this.visibleIn.includes(phase);
  }

  /**
   * The control that should get focus when this view appears; never one
   * that ends a call (a key pressed just as the view changes lands on it).
   */
  protected focusTarget(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('input, button');
  }

  /** The rendered element with this `part` name, if shown. */
  protected byPart<T extends HTMLElement = HTMLElement>(name: string): T | null {
    return this.renderRoot.querySelector<T>(`[part~="${name}"]`);
  }
}
