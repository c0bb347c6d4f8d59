export type LowBalanceTransition = 'announce' | 'rearm' | 'none';

/**
 * What a change of a wallet means for its low-balance alert: announce on the way down past the
 * threshold (once: the flag is then set), re-arm when it is back at or above it; a threshold of 0
 * never announces.
 */
export function lowBalanceTransition(available: number, threshold: number, alerted: boolean): LowBalanceTransition {
  if (threshold <= 0) return 'none';
  if (available < threshold && !alerted) return 'announce';
  if (available >= threshold && alerted) return 'rearm';
  return 'none';
}
