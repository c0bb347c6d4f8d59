/** How a supervised process is restarted after it exits on its own. */
export interface RestartPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** Each consecutive failure multiplies the delay by this. */
  factor: number;
  maxDelayMs: number;
  /** A process that ran this long before exiting starts again from the initial delay. */
  stableAfterMs: number;
  /** Consecutive restarts after which the supervisor gives up. */
  maxRestarts: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
  maxRestarts: Number.POSITIVE_INFINITY,
};

/** Delay before restart number `consecutiveFailures` (0 for the first): exponential, capped. */
export function restartDelayMs(consecutiveFailures: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  const delay = policy.initialDelayMs * policy.factor ** Math.max(0, consecutiveFailures);
  return Math.min(policy.maxDelayMs, Math.round(delay));
}
