// Sends each report to the operator's REPORT_WEBHOOK_URL as JSON
// `{ reporter, target, reason, time, counted }` (and `evidence`, a base64
// JPEG, when REPORT_EVIDENCE is on and the reporter's browser attached one). Fire and forget: signaling never
// waits for it, a slow receiver is cut off after a short timeout, and a
// failure is only logged (without the URL, which may carry a secret).
import type { Logger } from '../log.js';

export const WEBHOOK_TIMEOUT_MS = 2_000;

export interface ReportNotice {
  reporter: string;
  target: string;
  reason: string;
  /** ISO 8601. */
  time: string;
  /** v2.1: whether it counts toward REPORT_THRESHOLD (a reporter connected too briefly, or an address already counted, does not). */
  counted: boolean;
  /** The reporter's still frame, base64 JPEG (REPORT_EVIDENCE=1 only). */
  evidence?: string;
}

export function postReport(url: string | undefined, notice: ReportNotice, log: Logger, timeoutMs = WEBHOOK_TIMEOUT_MS): void {
  if (!url) return;
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(notice),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  }).then(
    async (response) => {
      await response.body?.cancel();
      if (!response.ok) log.error('report.webhook', { status: response.status });
    },
    (error: unknown) => log.error('report.webhook', { error: error instanceof Error ? error.name : String(error) }),
  );
}
