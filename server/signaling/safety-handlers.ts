// BLOCK, UNBLOCK and REPORT (docs/protocol.md, "Blocking (v2)" and
// "Roulette v2: interests and reports"). The rules are calls.ts's; here
// they are run, logged, and reports are sent on to the operator's webhook
// without waiting for it.
import * as calls from '../rules/calls.js';
import { PROTOCOL_V2_DEFAULTS } from '../config.js';
import { postReport } from '../rules/report-webhook.js';
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
  };
  const webhook = deps.v2?.reportWebhookUrl;

  const BLOCK: UserHandler<check.NamedPayload> = {
    registered: true,
    check: check.checkNamed('BLOCK'),
    async run(socket, payload, sender) {
      const withdrawn = await messaging.apply((tx) => calls.block(tx, sender, payload.key));
      if (withdrawn) timers.stopRinging(withdrawn.id);
      log.info('user.blocked', { by: socket.data.name, withdrew: withdrawn !== null });
      return undefined;
    },
  };

  const UNBLOCK: UserHandler<check.NamedPayload> = {
    registered: true,
    check: check.checkNamed('UNBLOCK'),
    async run(socket, payload, sender) {
      await messaging.apply((tx) => calls.unblock(tx, sender, payload.key));
      log.info('user.unblocked', { by: socket.data.name });
      return undefined;
    },
  };

  const REPORT: UserHandler<check.NamedPayload & { reason: ReportReason }> = {
    registered: true,
    check: check.checkReport,
    async run(_socket, payload, sender) {
      const now = Date.now();
      const result = await messaging.apply((tx) => calls.report(tx, sender, payload.key, settings, now));
      if (result.withdrawn) timers.stopRinging(result.withdrawn.id);
      if (!result.counted) return undefined;
      const notice = { reporter: result.reporter, target: result.target, reason: payload.reason, time: new Date(now).toISOString() };
      log.info('user.reported', notice);
      deps.reported?.();
      postReport(webhook, notice, log);
      return undefined;
    },
  };

  return { BLOCK, UNBLOCK, REPORT };
}
