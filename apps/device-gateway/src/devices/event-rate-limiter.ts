/** A token bucket per socket: `ratePerSecond` sustained, bursts up to twice that. */
export class EventRateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = ratePerSecond * 2;
    this.updatedAt = now();
  }

  /** Takes one token; false when the socket is over its rate. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.ratePerSecond * 2, this.tokens + ((now - this.updatedAt) / 1_000) * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
