// The call's safety controls: "Report" (random matches), "Block", and the
// safety code. The dialogs and the code's computation are chunks of their
// own, fetched when first used, so a call that never needs them never loads them.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { define } from '../internal/define.js';
import { msg, str, updateWhenLocaleChanges } from '../internal/localize.js';
import { panelStyles } from '../internal/panel.styles.js';
import { sharedStyles } from '../internal/shared.styles.js';
import type { RouletteSession, SessionState } from '../session/session.js';
import { theOtherPerson } from '../session/wording.js';

/**
 * @summary "Report" (random matches only), "Block" and the "Safety code"
 * disclosure of a call.
 *
 * @csspart report-button - "Report" (asks why; ends the call, blocks, and by default finds the next stranger).
 * @csspart block-button - "Block" (asks first; ends the call).
 * @csspart safety-code - The "Safety code" `<details>`.
 * @csspart code - The code itself: 4 groups of 4 digits.
 */
export class CallSafety extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      [part='code'] {
        font: 700 clamp(1rem, 5.5vw, 1.5rem) / 1.2 ui-monospace, SFMono-Regular, Menlo, monospace;
        white-space: nowrap;
        letter-spacing: 0.08em;
        margin: 0.25rem 0;
      }
    `,
  ];
  static override properties = { session: { attribute: false }, state: { attribute: false }, dialogHost: { attribute: false }, code: { state: true } };

  /** The session of the call. */
  session?: RouletteSession;
  /** Its current snapshot. */
  state?: SessionState;
  /** Where the Block and Report dialogs are shown (default: here); the call view passes itself, as this panel may be closed. */
  dialogHost?: HTMLElement;
  /** The safety code once computed (`undefined` before). */
  code?: string;
  #codeOf?: RTCPeerConnection;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render() {
    const peer = this.state?.peer ?? theOtherPerson();
    return html`
      <div class="row">
        ${this.state?.matched
          ? html`<button part="report-button" class="secondary" type="button" @click=${this.report}>${msg('Report', { id: 'call.report' })}</button>`
          : nothing}
        <button part="block-button" class="secondary" type="button" @click=${this.block}>${msg('Block', { id: 'call.block' })}</button>
      </div>
      <details part="safety-code" @toggle=${this.refresh}>
        <summary>${msg('Safety code', { id: 'call.safety-code' })}</summary>
        <p part="code">${this.code ?? msg('Not ready yet: the call is still connecting.', { id: 'call.safety-code-pending' })}</p>
        <p class="muted">
          ${msg(
            str`Read these numbers aloud to ${peer}. If ${peer} sees the same numbers, your browsers are talking to each other directly: nobody, not even the server, can watch or listen in between. If they differ, hang up.`,
            { id: 'call.safety-code-hint' },
          )}
        </p>
      </details>
    `;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another call: its code is another one.
    if (changed.has('state') && this.session?.peerConnection !== this.#codeOf) this.code = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A new call, or the connection just came up: the shown code may be stale or missing.
    if (changed.has('state')) void this.refresh();
  }

  /** Computes the code for the current connection, while the disclosure is open. */
  private async refresh(): Promise<void> {
    const pc = this.session?.peerConnection;
    const open = this.renderRoot.querySelector('details')?.open;
    if (!open || (pc === this.#codeOf && this.code)) return;
    const { connectionSafetyCode } = await import('../session/safety-code.js');
    const code = await connectionSafetyCode(pc);
    if (this.session?.peerConnection !== pc) return;
    this.#codeOf = pc;
    this.code = code;
  }

  /** Opens the safety code (computing it) and moves focus to it. */
  async showCode(): Promise<void> {
    await this.updateComplete;
    const details = this.renderRoot.querySelector('details');
    if (!details) return;
    details.open = true;
    details.querySelector('summary')?.focus();
    await this.refresh();
  }

  /** "Block": asks first, then blocks the other person (the call ends). */
  readonly block = async (): Promise<void> => {
    const peer = this.state?.peer;
    const { confirmBlock } = await import('../internal/block-confirm.js');
    if (peer && (await confirmBlock(this.dialogHost ?? this, peer, 'call')) && this.state?.peer === peer) void this.session?.block(peer);
  };

  /** "Report": asks why, then reports (the call ends). */
  readonly report = async (): Promise<void> => {
    const peer = this.state?.peer;
    // The frame of the moment "Report" was pressed, if the operator asks for one (never a blurred stranger's).
    const evidence = this.session?.reportEvidence
      ? import('./report-evidence.js').then(({ captureEvidence }) => captureEvidence(this))
      : Promise.resolve(undefined);
    const { askReport } = await import('./report-dialog.js');
    const answer = peer ? await askReport(this.dialogHost ?? this, peer) : undefined;
    if (answer && this.state?.peer === peer) void this.session?.report(answer.reason, { next: answer.next, evidence: await evidence });
  };
}

define('roulette-call-safety', CallSafety);

declare global {
  interface HTMLElementTagNameMap {
    'roulette-call-safety': CallSafety;
  }
}
