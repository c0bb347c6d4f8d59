/** What a phone has done with the sends it was given. */
export interface SendRecord {
  succeeded: number;
  failed: number;
  timedOut: number;
}

/** Two imaginary successes: a new phone starts at 1.0 and one bad send does not quarantine it. */
const PRIOR_SUCCESSES = 2;
/** A timeout costs more than a reported failure: the message waited the whole deadline for it. */
const TIMEOUT_WEIGHT = 1.5;

/**
 * score = (succeeded + 2) / (succeeded + failed + 1.5 × timedOut + 2), in (0, 1].
 * A smoothed success rate: it needs several bad sends, not one, to push a phone under the
 * quarantine threshold, and a long good record absorbs an occasional failure.
 */
export function healthScore(record: SendRecord): number {
  const { succeeded, failed, timedOut } = record;
  return (succeeded + PRIOR_SUCCESSES) / (succeeded + failed + TIMEOUT_WEIGHT * timedOut + PRIOR_SUCCESSES);
}

/** Sent ÷ every finished send; null before the first one. */
export function successRate(record: SendRecord): number | null {
  const total = record.succeeded + record.failed + record.timedOut;
  return total === 0 ? null : record.succeeded / total;
}

export function shouldQuarantine(record: SendRecord, threshold: number): boolean {
  return healthScore(record) < threshold;
}
