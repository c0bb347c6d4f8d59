/**
 * Delay before try `tryNumber + 1` on the same provider: base × 2^(try−1), ±20% jitter so retries of
 * many messages do not arrive together, capped; a provider's own Retry-After wins when it is longer.
 */
export function retryDelayMs(
  tryNumber: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.baseMs * 2 ** Math.max(0, tryNumber - 1), options.maxMs);
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.min(Math.max(jittered, options.retryAfterMs ?? 0), options.maxMs);
}
