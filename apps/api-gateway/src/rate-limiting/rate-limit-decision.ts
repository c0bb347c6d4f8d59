/** One counter's state after this request was counted. */
export interface BucketState {
  name: string;
  limit: number;
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The tightest bucket's numbers, for the `RateLimit-*` headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** Seconds to wait when refused (`Retry-After`). */
  retryAfterSeconds?: number;
  /** The bucket that refused the request. */
  exceeded?: string;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1_000));

/**
 * Combines the counters a request went through: refused if any is over its limit (waiting for
 * the latest reset among those over), and the headers describe the bucket with the fewest requests left.
 */
export function decideRateLimit(buckets: readonly BucketState[]): RateLimitDecision {
  if (buckets.length === 0) throw new Error('a rate-limit decision needs at least one bucket');
  const remainingOf = (bucket: BucketState) => Math.max(0, bucket.limit - bucket.count);
  const tightest = [...buckets].sort((a, b) => remainingOf(a) - remainingOf(b) || b.resetMs - a.resetMs)[0];
  const over = buckets.filter((bucket) => bucket.count > bucket.limit);
  const decision: RateLimitDecision = {
    allowed: over.length === 0,
    limit: tightest.limit,
    remaining: remainingOf(tightest),
    resetSeconds: seconds(tightest.resetMs),
  };
  if (over.length === 0) return decision;
  const blocking = over.reduce((latest, bucket) => (bucket.resetMs > latest.resetMs ? bucket : latest));
  return { ...decision, retryAfterSeconds: seconds(blocking.resetMs), exceeded: blocking.name };
}
