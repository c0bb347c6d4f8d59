import { retryDelaySeconds } from './webhook-retry';

describe('webhook retry delay', () => {
  const noJitter = () => 0.5;

  it('doubles from the base after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelaySeconds(attempts, 10, 3_600, noJitter))).toEqual([10, 20, 40, 80]);
  });

  it('is capped', () => {
    expect(retryDelaySeconds(30, 10, 3_600, noJitter)).toBe(3_600);
  });

  it('spreads retries by at most 20 %', () => {
    expect(retryDelaySeconds(1, 100, 3_600, () => 0)).toBe(80);
    expect(retryDelaySeconds(1, 100, 3_600, () => 1)).toBe(120);
  });
});
