import { backoffDelay, retryAfterDelay } from './backoff';

describe('reconnect delays', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('grows exponentially up to the cap, drawn anywhere below it (full jitter)', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([999, 1_999, 3_999, 7_999, 59_999]);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4_000);
  });

  it('never comes back before the server’s retryAfterSeconds', () => {
    expect(retryAfterDelay(30, () => 0)).toBe(30_000);
    expect(retryAfterDelay(30, () => 0.999)).toBe(30_999);
  });
});
