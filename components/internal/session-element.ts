import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { sessionContext } from '../context.js';
import type { Phase, RouletteSession, SessionState } from '../session/roulette-session.js';

function focusWasLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || active === document.documentElement;
}

const NO_SESSION: SessionState = {
  phase: 'disconnected',
  server: '',
  guest: false,
  reconnecting: false,
  busy: false,
  matched: false,
};

/**
 * Base of the Roulette elements: renders a `RouletteSession` given as the
 * `session` property or, when unset, the one the nearest `<roulette-session>`
 * provides. Shows itself only in the phases listed by `visibleIn`.
 */
export abstract class SessionElement extends LitElement {
  // Declared here rather than with lit's decorators, whose helper code the
  // bundle would carry once per element module.
  static override properties: PropertyDeclarations = {
    session: { attribute: false },
    snapshot: { state: true },
  };

  /**
   * The session to render. When unset, the element uses the session of the
   * nearest `<roulette-session>` ancestor.
   */
  declare session?: RouletteSession;

  /** Re-rendered on every session change. */
  protected snapshot: SessionState = NO_SESSION;

  /** The session of the nearest `<roulette-session>`; a new one re-renders the element. */
  private readonly provided = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  /** Phases in which this element has something to show. */
  protected abstract readonly visibleIn: readonly Phase[];

  private watched?: RouletteSession;

  /** The session in use: the `session` property, else the provided one. */
  get activeSession(): RouletteSession | undefined {
    return this.session ?? this.provided.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watch(this.activeSession);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch(undefined);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // The session in use may have changed (property set, or provided).
    if (this.isConnected) this.watch(this.activeSession);
    const phase = this.snapshot.phase;
    this.setAttribute('state', phase);
    this.toggleAttribute('active', this.activeSession !== undefined && this.visibleIn.includes(phase));
    this.toggleAttribute('reconnecting', this.snapshot.reconnecting);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const previous = changed.get('snapshot' as keyof SessionElement) as SessionState | undefined;
    // The control that had focus may have gone with the previous view: hand
    // focus to this view's main control so keyboard users are not lost.
    if (previous && previous.phase !== this.snapshot.phase && this.hasAttribute('active') && focusWasLost()) {
      this.focusTarget()?.focus();
    }
  }

  /** The control that should get focus when this view appears. */
  protected focusTarget(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('input, button');
  }

  /** The rendered element with this `part` name, if shown. */
  protected byPart<T extends HTMLElement = HTMLElement>(name: string): T | null {
    return this.renderRoot.querySelector<T>(`[part~="${name}"]`);
  }

  private watch(session: RouletteSession | undefined): void {
    if (session === this.watched) return;
    this.watched?.removeEventListener('change', this.onChange);
    this.watched = session;
    session?.addEventListener('change', this.onChange);
    this.snapshot = session?.state ?? NO_SESSION;
  }

  private readonly onChange = (): void => {
    this.snapshot = this.watched?.state ?? NO_SESSION;
  };
}
