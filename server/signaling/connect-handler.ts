// CONNECT: registers the sender under a name (or a guest name), resumes its
// session, or — with signed identities — proves the name with a token.
// Kept apart from the other handlers (handlers.ts) because the connection
// rules (names, tokens, resume) change on their own.
import { createHash, randomBytes } from 'node:crypto';
import * as calls from '../rules/calls.js';
import type { TokenVerifier } from '../identity/auth-token.js';
import { SignalingError, fail } from '../errors.js';
import { guestName } from '../identity/guest-name.js';
import { identityKey, parseIdentity, type Identity } from '../identity/names.js';
import type { Transaction, UserRecord } from '../store/store.js';
import * as check from './validate.js';
import { FEATURES, type ClientPayload } from '../../protocol/index.js';
import type { IoSocket } from './connection.js';
import type { GuestHandler, HandlerDeps } from './handler-types.js';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface ConnectOptions {
  /** Set when signed identities are configured: CONNECT then needs a token (or a resume secret). */
  verifyToken?: TokenVerifier;
  /**
   * The connection closed while its CONNECT was being registered: the name
   * must not outlive it (docs/protocol.md, "a name is held only by a live
   * connection"). Handles `key` as that connection's disconnect would have.
   */
  closedMeanwhile?(socket: IoSocket, key: string): Promise<void>;
}

/** A server-issued guest name, with its identity key. */
function guest(): Identity {
  const parsed = parseIdentity(guestName().display);
  if (!parsed.ok) throw new Error(`guest name refused: ${parsed.message}`);
  return parsed.name;
}

/**
 * v2.1: records on the user whether this connection takes candidate batches
 * (messaging.ts reads it when relaying from another process). A resume from
 * an older client turns it off again.
 */
async function noteFeatures(tx: Transaction, key: string, batches: boolean): Promise<void> {
  const user = await tx.get(key);
  if (user && (user.batches === true) !== batches) {
    const { batches: _old, ...rest } = user;
    tx.set(key, batches ? { ...rest, batches } : rest);
  }
}

/** How a CONNECT claims its name: plain, by resume secret only, or taking over as a signed identity. */
type Claim = 'plain' | 'resume-only' | 'takeover';

export function createConnectHandler(deps: HandlerDeps, options: ConnectOptions = {}): GuestHandler<ClientPayload<'CONNECT'>> {
  const { messaging, timers, log } = deps;
  const { verifyToken } = options;

  /** The name this CONNECT asks for, and how it may claim it. */
  async function identify(payload: ClientPayload<'CONNECT'>, wanted: string | null): Promise<{ name: Identity | null; claim: Claim }> {
    if (!verifyToken) {
      if (wanted === null) return { name: null, claim: 'plain' };
      const parsed = parseIdentity(wanted);
      if (!parsed.ok) throw fail('INVALID_USERNAME', parsed.message);
      return { name: parsed.name, claim: 'plain' };
    }
    const token = payload?.token;
    if ((token === undefined || token === null) && wanted !== null && typeof payload?.resume === 'string') {
      // "A resume needs only its secret": a valid name and a secret, no token.
      const parsed = parseIdentity(wanted);
      if (parsed.ok) return { name: parsed.name, claim: 'resume-only' };
    }
    const verified = await verifyToken(token);
    if (!verified.ok) throw fail('UNAUTHORIZED', verified.message);
    if (wanted !== null && identityKey(wanted) !== verified.name.key) {
      throw fail('UNAUTHORIZED', `Your identity token is for "${verified.name.display}", not "${wanted.trim()}".`);
    }
    return { name: verified.name, claim: 'takeover' };
  }

  /** Registers `name` the way `claim` allows; the held session taken over, if any. */
  function claimName(tx: Transaction, name: Identity, claim: Claim, sid: string, secretHash: string, presented: string | null) {
    if (claim === 'plain') return calls.register(tx, name, sid, secretHash, presented);
    return (async () => {
      // A token-verified name is a persistent session of its exact identity (v2.1): a look-alike's is not its to take.
      if (claim === 'takeover') return calls.claimIdentity(tx, name, sid, secretHash);
      const held = await tx.get(name.key);
      if (!held || presented === null || held.resume !== presented) {
        throw fail('UNAUTHORIZED', 'This server requires a signed identity token (CONNECT { token }); the resume secret is not valid any more.');
      }
      return calls.register(tx, name, sid, secretHash, presented);
    })();
  }

  return {
    registered: false,
    check: check.checkConnect,
    async run(socket, payload) {
      if (socket.data.key !== null) throw fail('ALREADY_CONNECTED', `You are already connected as ${socket.data.name}.`);
      const wanted = typeof payload?.as === 'string' && payload.as.trim() !== '' ? payload.as : null;
      const { name: asked, claim } = await identify(payload, wanted);
      const name = asked ?? guest();
      const presented = typeof payload?.resume === 'string' && asked !== null ? hashSecret(payload.resume) : null;
      const secret = randomBytes(24).toString('base64url');
      let resumed: UserRecord | null = null;
      const batches = check.announces(payload, 'candidate-batch');
      for (let attempt = 0; ; attempt++) {
        try {
          ({ resumed } = await messaging.apply(async (tx) => {
            const claimed = await claimName(tx, name, claim, socket.id, hashSecret(secret), presented);
            await noteFeatures(tx, name.key, batches);
            return claimed;
          }));
          break;
        } catch (error) {
          // A guest name collided: draw another.
          if (asked !== null || attempt > 5 || !(error instanceof SignalingError)) throw error;
          Object.assign(name, guest());
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
      socket.data.batches = batches;
      if (!socket.connected) {
        // Closed while registering: its disconnect already ran with no name to free.
        await options.closedMeanwhile?.(socket, name.key);
        throw fail('NOT_CONNECTED', 'The connection closed before CONNECT finished.');
      }
      messaging.attach(name.key, socket);
      log.info(resumed ? 'user.resumed' : 'user.connected', { user: socket.data.name, sid: socket.id });
      if (resumed?.queued) {
        const key = name.key;
        await messaging.apply((tx) => calls.pairFromQueue(tx, key));
      }
      const answer = {
        username: socket.data.name,
        iceServers: deps.iceServersFor(socket.data.name),
        resume: secret,
        resumed: resumed !== null,
        features: [...FEATURES],
      };
      return deps.v2?.reportEvidence ? { ...answer, reportEvidence: true } : answer;
    },
  };
}
