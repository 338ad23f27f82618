// Short-lived TURN credentials in coturn's REST-API scheme (use-auth-secret):
// username = "<expiry unix seconds>:<name>", credential =
// base64(HMAC-SHA1(secret, username)). The secret never leaves the server;
// a leaked credential stops working at its expiry.
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../protocol/index.js';

export interface TurnOptions {
  urls: string[];
  secret: string;
  /** How long a credential stays valid. */
  ttlSeconds: number;
}

export function turnCredentials(turn: TurnOptions, name: string, now = Date.now()): IceServer {
  const expiry = Math.floor(now / 1000) + turn.ttlSeconds;
  // coturn splits on the first ':'; names cannot contain one anyway.
  const username = `${expiry}:${name}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { urls: turn.urls, username, credential };
}
