import { EventRateLimiter } from './event-rate-limiter';

describe('EventRateLimiter', () => {
  it('allows a burst of twice the rate, then refills at the rate', () => {
    let now = 0;
    const limiter = new EventRateLimiter(5, () => now);
    const burst = Array.from({ length: 12 }, () => limiter.take());
    expect(burst.filter(Boolean)).toHaveLength(10);
    now += 400;
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
  });
});
