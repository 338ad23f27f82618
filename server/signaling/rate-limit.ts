// A token bucket per connection. The protocol's floor — bursts of 300
// events and 50 per second sustained — must never be limited; a flood is.
// v2 caps the limit itself at a burst of 1,000 and 500 per second.

export interface RateLimit {
  /** Events a connection may send at once. */
  burst: number;
  /** Events per second it may keep sending. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 600, perSecond: 200 };

export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  get burst(): number {
    return this.limit.burst;
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
