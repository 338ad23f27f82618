// "Report …": why, and whether to look for the next stranger. A chunk of its
// own, loaded the first time someone presses "Report".
import { html } from 'lit';
import { REPORT_REASONS, type ReportReason } from '../../protocol/index.js';
import { define } from '../internal/define.js';
import { msg, str } from '../internal/localize.js';
import { ModalElement, askIn } from '../internal/modal-element.js';

/** The reasons of protocol v2, as a person reads them (in the current language). */
const LABELS: Record<ReportReason, () => string> = {
  abuse: () => msg('Abuse, threats or harassment', { id: 'report.reason-abuse' }),
  nudity: () => msg('Nudity or sexual content', { id: 'report.reason-nudity' }),
  spam: () => msg('Spam or advertising', { id: 'report.reason-spam' }),
  underage: () => msg('Seems to be under age', { id: 'report.reason-underage' }),
  other: () => msg('Something else', { id: 'report.reason-other' }),
};

export interface ReportAnswer {
  reason: ReportReason;
  /** Look for the next stranger after reporting. */
  next: boolean;
}

/**
 * @summary The report dialog: a reason (radio buttons), "Find the next
 * stranger" (ticked), "Send report" and "Cancel".
 */
export class ReportDialog extends ModalElement<ReportAnswer> {
  static override properties = { name: { state: true }, missing: { state: true } };

  private name = '';
  private missing = false;

  ask(name: string): Promise<ReportAnswer | undefined> {
    this.name = name;
    this.missing = false;
    return this.open();
  }

  protected renderContent() {
    return html`<form method="dialog" novalidate @submit=${this.onSubmit}>
      <h2 id="dialog-title">${msg(str`Report ${this.name}`, { id: 'report.heading' })}</h2>
      <p>${msg(str`The call ends and ${this.name} is blocked. The site's moderators get your report; ${this.name} is not told who sent it.`, { id: 'report.body' })}</p>
      <fieldset>
        <legend>${msg('What happened?', { id: 'report.question' })}</legend>
        ${REPORT_REASONS.map(
          (reason) => html`<label class="check"><input type="radio" name="reason" value=${reason} /> ${LABELS[reason]()}</label>`,
        )}
      </fieldset>
      <label class="check"><input type="checkbox" name="next" checked /> ${msg('Find the next stranger', { id: 'report.next' })}</label>
      <p class="notice" role="alert">${this.missing ? msg('Choose what happened.', { id: 'report.missing' }) : ''}</p>
      ${this.renderButtons(msg('Send report', { id: 'report.send' }), 'danger')}
    </form>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const reason = new FormData(form).get('reason') as ReportReason | null;
    if (!reason) {
      this.missing = true;
      form.querySelector<HTMLInputElement>('input[name="reason"]')?.focus();
      return;
    }
    this.settle({ reason, next: (form.elements.namedItem('next') as HTMLInputElement).checked });
  }
}

define('roulette-report-dialog', ReportDialog);

/** Asks, in a dialog inside `host`, why `name` is reported; `undefined` when cancelled. */
export function askReport(host: HTMLElement, name: string): Promise<ReportAnswer | undefined> {
  return askIn<ReportDialog, ReportAnswer | undefined>(host, 'roulette-report-dialog', (modal) => modal.ask(name));
}

declare global {
  interface HTMLElementTagNameMap {
    'roulette-report-dialog': ReportDialog;
  }
}
