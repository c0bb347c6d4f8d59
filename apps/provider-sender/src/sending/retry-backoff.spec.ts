import { retryDelayMs } from './retry-backoff';

describe('retryDelayMs', () => {
  const options = { baseMs: 1_000, maxMs: 10_000 };

  it('doubles per try within ±20%, capped', () => {
    expect(retryDelayMs(1, options, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(2, options, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(3, options, () => 0)).toBe(3_200);
    expect(retryDelayMs(3, options, () => 1)).toBe(4_800);
    expect(retryDelayMs(10, options, () => 1)).toBe(10_000);
  });

  it("honours the provider's retry-after when longer", () => {
    expect(retryDelayMs(1, { ...options, retryAfterMs: 5_000 }, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(1, { ...options, retryAfterMs: 50_000 }, () => 0.5)).toBe(10_000);
  });
});
