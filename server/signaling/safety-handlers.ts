// BLOCK, UNBLOCK and REPORT (docs/protocol.md, "Blocking (v2)" and
// "Roulette v2: interests and reports"). The rules are calls.ts's; here
// they are run, logged, and reports are sent on to the operator's webhook
// without waiting for it — with `counted` (v2.1) and, when the operator
// turned it on, the reporter's still frame (evidence.ts).
import * as calls from '../rules/calls.js';
import { PROTOCOL_V2_DEFAULTS } from '../config.js';
import { SignalingError } from '../errors.js';
import { postReport, type ReportNotice } from '../rules/report-webhook.js';
import { checkEvidence } from './evidence.js';
import * as check from './validate.js';
import type { ClientPayload, ReportReason } from '../../protocol/index.js';
import type { HandlerDeps, UserHandler } from './handler-types.js';

export interface SafetyHandlers {
  BLOCK: UserHandler<ClientPayload<'BLOCK'>>;
  UNBLOCK: UserHandler<ClientPayload<'UNBLOCK'>>;
  REPORT: UserHandler<ClientPayload<'REPORT'>>;
}

export function createSafetyHandlers(deps: HandlerDeps): SafetyHandlers {
  const { messaging, timers, log } = deps;
  const settings = {
    threshold: deps.v2?.reportThreshold ?? PROTOCOL_V2_DEFAULTS.reportThreshold,
    suspendMs: deps.v2?.reportSuspendMs ?? PROTOCOL_V2_DEFAULTS.reportSuspendMs,
    minAgeMs: deps.v2?.reportMinAgeMs ?? PROTOCOL_V2_DEFAULTS.reportMinAgeMs,
  };
  const webhook = deps.v2?.reportWebhookUrl;
  const evidence = deps.v2?.reportEvidence ?? false;

  /** REPORT's shape; with evidence turned on, its `evidence` too (turned off, the field is ignored like any unknown one). */
  function checkReport(payload: unknown): check.Checked<check.NamedPayload & { reason: ReportReason; evidence: string | null }> {
    const report = check.checkReport(payload);
    if (report instanceof SignalingError) return report;
    const frame = evidence ? checkEvidence((payload as { evidence?: unknown }).evidence) : null;
    if (frame instanceof SignalingError) return frame;
    return { ...report, evidence: frame };
  }

  const BLOCK: UserHandler<check.NamedPayload> = {
    registered: true,
    check: check.checkNamed('BLOCK'),
    async run(socket, payload, sender) {
      const withdrawn = await messaging.apply((tx) => calls.block(tx, sender, payload.key, payload.name));
      if (withdrawn) timers.stopRinging(withdrawn.id);
      log.info('user.blocked', { by: socket.data.name, withdrew: withdrawn !== null });
      return undefined;
    },
  };

  const UNBLOCK: UserHandler<check.NamedPayload> = {
    registered: true,
    check: check.checkNamed('UNBLOCK'),
    async run(socket, payload, sender) {
      await messaging.apply((tx) => calls.unblock(tx, sender, payload.key, payload.name));
      log.info('user.unblocked', { by: socket.data.name });
      return undefined;
    },
  };

  const REPORT: UserHandler<check.NamedPayload & { reason: ReportReason; evidence: string | null }> = {
    registered: true,
    check: checkReport,
    async run(socket, payload, sender) {
      const now = Date.now();
      const result = await messaging.apply((tx) => calls.report(tx, sender, payload.key, socket.data.address, settings, now));
      if (result.withdrawn) timers.stopRinging(result.withdrawn.id);
      // v2.1: every report reaches the webhook, a repeat by the same reporter
      // within the hour too (it never counts); the metric counts it once.
      const notice: ReportNotice = {
        reporter: result.reporter,
        target: result.target,
        reason: payload.reason,
        time: new Date(now).toISOString(),
        counted: result.counted,
      };
      log.info('user.reported', { ...notice });
      if (result.fresh) deps.reported?.();
      postReport(webhook, payload.evidence === null ? notice : { ...notice, evidence: payload.evidence }, log);
      return undefined;
    },
  };

  return { BLOCK, UNBLOCK, REPORT };
}
