/** TokenBucketLimiter: one bucket per key (API token name), refilled continuously. */
export interface RateLimiter {
  /** take one request for `key` at `now` (ms): 0 when allowed, else seconds until one is available. */
  take(key: string, now: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * createTokenBucketLimiter allows `burst` requests at once and `perSecond` sustained, per key. Keys are
 * configured token names, so the map stays bounded.
 */
export function createTokenBucketLimiter(opts: { perSecond: number; burst: number }): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, now) {
      let b = buckets.get(key);
      if (b === undefined) {
        b = { tokens: opts.burst, at: now };
        buckets.set(key, b);
      } else {
        b.tokens = Math.min(opts.burst, b.tokens + ((now - b.at) / 1000) * opts.perSecond);
        b.at = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / opts.perSecond));
    },
  };
}
