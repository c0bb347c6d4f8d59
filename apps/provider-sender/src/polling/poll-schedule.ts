/** When the first poll of a message is due and when polling it stops (its expiry, or the longest a report is awaited). */
export interface PollPlan {
  dueAt: Date;
  giveUpAt: Date;
}

/** The delay before poll number `polls` (0-based): the schedule's steps, the last one repeating. */
export function pollDelayMs(delays: readonly number[], polls: number): number {
  return delays[Math.min(polls, delays.length - 1)] as number;
}

export function pollPlan(delays: readonly number[], maxAgeMs: number, expiresAt: string | undefined, now = new Date()): PollPlan {
  const latest = now.getTime() + maxAgeMs;
  const expiry = expiresAt ? Date.parse(expiresAt) : Number.NaN;
  return { dueAt: new Date(now.getTime() + pollDelayMs(delays, 0)), giveUpAt: new Date(Number.isNaN(expiry) ? latest : Math.min(expiry, latest)) };
}

/** `30000,60000,...` as milliseconds; throws on anything else (startup configuration). */
export function parsePollDelays(text: string): number[] {
  const delays = text.split(',').map((step) => Number(step.trim()));
  if (delays.length === 0 || delays.some((delay) => !Number.isInteger(delay) || delay < 10)) {
    throw new Error(`DELIVERY_POLL_DELAYS_MS must be comma-separated milliseconds (each ≥ 10), got '${text}'`);
  }
  return delays;
}
