/** Seconds before the next attempt after `attempts` failed ones: doubling from `base`, capped, with ±20 % jitter. */
export function retryDelaySeconds(attempts: number, baseSeconds: number, maxSeconds: number, random = Math.random): number {
  const exponential = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(exponential * (0.8 + 0.4 * random())));
}
