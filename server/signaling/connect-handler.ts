// CONNECT: registers the sender under a name (or a guest name), or resumes
// its session. Kept apart from the other handlers (handlers.ts) because the
// connection rules (names, tokens, resume) change on their own.
import { createHash, randomBytes } from 'node:crypto';
import * as calls from '../calls.js';
import { MESSAGES, SignalingError, fail } from '../errors.js';
import { guestName } from '../guest-name.js';
import * as check from '../validate.js';
import { parseName } from '../../protocol/index.js';
import type { ClientPayload } from '../../protocol/index.js';
import type { GuestHandler, HandlerDeps } from './handlers.js';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function createConnectHandler(deps: HandlerDeps): GuestHandler<ClientPayload<'CONNECT'>> {
  const { messaging, timers, log } = deps;
  return {
    registered: false,
    check: check.checkConnect,
    async run(socket, payload) {
      if (socket.data.key !== null) throw fail('ALREADY_CONNECTED', `You are already connected as ${socket.data.name}.`);
      const wanted = typeof payload.as === 'string' && payload.as.trim() !== '' ? payload.as : null;
      const name = wanted === null ? guestName() : parseName(wanted);
      if (!name) throw fail('INVALID_USERNAME', MESSAGES.INVALID_USERNAME);
      const presented = typeof payload.resume === 'string' && wanted !== null ? hashSecret(payload.resume) : null;
      const secret = randomBytes(24).toString('base64url');
      let resumed = null;
      for (let attempt = 0; ; attempt++) {
        try {
          ({ resumed } = await messaging.apply((tx) => calls.register(tx, name, socket.id, hashSecret(secret), presented)));
          break;
        } catch (error) {
          // A guest token collided: draw another.
          if (wanted !== null || attempt > 5 || !(error instanceof SignalingError)) throw error;
          Object.assign(name, guestName());
        }
      }
      if (resumed) {
        timers.stopGrace(name.key);
        // The old connection may still look alive: close it; its
        // disconnect no longer owns the session, so it changes nothing.
        if (resumed.sid !== '' && resumed.sid !== socket.id) deps.disconnect(resumed.sid);
      }
      socket.data.key = name.key;
      socket.data.name = resumed ? resumed.name : name.display;
      messaging.attach(name.key, socket);
      log.info(resumed ? 'user.resumed' : 'user.connected', { user: socket.data.name, sid: socket.id });
      if (resumed?.queued) {
        const key = name.key;
        await messaging.apply((tx) => calls.pairFromQueue(tx, key));
      }
      return { username: socket.data.name, iceServers: deps.iceServersFor(socket.data.name), resume: secret };
    },
  };
}
