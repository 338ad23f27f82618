// FIND_MATCH and LEAVE_QUEUE (docs/protocol.md, "Roulette matching" and
// "Roulette v2"). A user queued with interests becomes pairable with anyone
// once INTEREST_WAIT_MS has passed: the one pairing made on a timer. The
// timer runs on the process the user joined from and pairs through the
// store, so in a cluster it finds partners queued on any process.
import * as calls from '../rules/calls.js';
import { PROTOCOL_V2_DEFAULTS } from '../config.js';
import * as check from './validate.js';
import type { ClientPayload } from '../../protocol/index.js';
import type { HandlerDeps, UserHandler } from './handler-types.js';

export interface MatchHandlers {
  FIND_MATCH: UserHandler<ClientPayload<'FIND_MATCH'>>;
  LEAVE_QUEUE: UserHandler<ClientPayload<'LEAVE_QUEUE'>>;
}

export function createMatchHandlers(deps: HandlerDeps): MatchHandlers {
  const { messaging, log } = deps;
  const interestWaitMs = deps.v2?.interestWaitMs ?? PROTOCOL_V2_DEFAULTS.interestWaitMs;

  /** When the wait of `key` passes, pair them with anyone who may be paired with them. */
  function pairAfterWait(key: string): void {
    const timer = setTimeout(() => {
      messaging.apply((tx) => calls.pairFromQueue(tx, key)).then(
        (link) => link && log.info('match.paired', { user: key, after: 'interest wait' }),
        (error) => log.error('internal', { where: 'interest-wait', error: String(error) }),
      );
    }, interestWaitMs + 1);
    // Never the reason a closing process stays up; a user still queued then
    // is paired by the next newcomer instead.
    timer.unref();
  }

  const FIND_MATCH: UserHandler<check.CheckedFindMatch> = {
    registered: true,
    check: check.checkFindMatch,
    async run(socket, payload, sender) {
      const { interests } = payload;
      const link = await messaging.apply((tx) => calls.joinQueue(tx, sender, interests, { interestWaitMs }));
      log.info(link ? 'match.paired' : 'match.queued', { user: socket.data.name, interests: interests.length });
      if (!link && interests.length) pairAfterWait(sender);
      return undefined;
    },
  };

  const LEAVE_QUEUE: UserHandler<ClientPayload<'LEAVE_QUEUE'>> = {
    registered: true,
    check: check.checkEmpty,
    async run(socket, _payload, sender) {
      await messaging.apply((tx) => calls.leaveQueue(tx, sender));
      log.info('match.left', { user: socket.data.name });
      return undefined;
    },
  };

  return { FIND_MATCH, LEAVE_QUEUE };
}
