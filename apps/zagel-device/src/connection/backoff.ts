export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with full jitter: a random wait between 0 and base·2^attempt (capped), so a
 * thousand phones cut off together do not all come back in the same second.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The server's own `retryAfterSeconds`, with up to a second of jitter added (never less than it asked). */
export function retryAfterDelay(retryAfterSeconds: number, random: () => number = Math.random): number {
  return retryAfterSeconds * 1_000 + Math.floor(random() * 1_000);
}
