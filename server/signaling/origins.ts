// Pages from origins that CORS_ORIGINS does not list: refused in the
// socket.io handshake with a reason the browser can read, and logged once per
// origin per minute (a busy refused site must not flood the log).
import type { Logger } from '../log.js';

/** `data.code` of the `connect_error` a refused page receives. */
export const ORIGIN_REFUSED = 'ORIGIN_REFUSED';

/** What a refused page's `connect_error` carries in `data`. */
export interface OriginRefusedData {
  code: typeof ORIGIN_REFUSED;
  /** The page's origin, as the browser sent it. */
  origin: string;
}

/** The error handed to socket.io's middleware `next()`: its message and `data` reach the client. */
export function originRefusedError(origin: string): Error & { data: OriginRefusedData } {
  const error = new Error(
    `This call service does not accept pages from ${origin}: the server's CORS_ORIGINS setting decides which sites may use it.`,
  ) as Error & { data: OriginRefusedData };
  error.data = { code: ORIGIN_REFUSED, origin };
  return error;
}

/** Logs each refused origin at most once per `intervalMs`. */
export class OriginRefusals {
  readonly #last = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
    private readonly now = () => Date.now(),
  ) {}

  log(origin: string): void {
    const now = this.now();
    const last = this.#last.get(origin);
    if (last !== undefined && now - last < this.intervalMs) return;
    // Origins are chosen by whoever connects: forget stale ones so the map stays small.
    if (this.#last.size >= 1000) {
      for (const [key, at] of this.#last) if (now - at >= this.intervalMs) this.#last.delete(key);
      if (this.#last.size >= 1000) this.#last.clear();
    }
    this.#last.set(origin, now);
    this.logger.info('origin.refused', { origin, hint: 'not in CORS_ORIGINS' });
  }
}

/** The start-up line saying which sites may use the server. */
export function describeAllowedOrigins(corsOrigins: '*' | string[]): string {
  if (corsOrigins === '*') return 'Pages on any site may use this server (CORS_ORIGINS is "*").';
  if (corsOrigins.length === 0) return 'Only non-browser clients may use this server: CORS_ORIGINS lists no site.';
  return `Pages on these sites may use this server (CORS_ORIGINS): ${corsOrigins.join(', ')}.`;
}
