import { healthScore, shouldQuarantine, successRate } from './health-score';

describe('healthScore', () => {
  it('starts a new phone at 1', () => {
    expect(healthScore({ succeeded: 0, failed: 0, timedOut: 0 })).toBe(1);
  });

  it('falls with failures and more with timeouts', () => {
    const failed = healthScore({ succeeded: 0, failed: 1, timedOut: 0 });
    const timedOut = healthScore({ succeeded: 0, failed: 0, timedOut: 1 });
    expect(failed).toBeCloseTo(2 / 3);
    expect(timedOut).toBeCloseTo(2 / 3.5);
    expect(timedOut).toBeLessThan(failed);
  });

  it('lets a long good record absorb one failure', () => {
    expect(healthScore({ succeeded: 50, failed: 1, timedOut: 0 })).toBeGreaterThan(0.98);
  });

  it('quarantines at the default threshold only after repeated trouble', () => {
    expect(shouldQuarantine({ succeeded: 0, failed: 1, timedOut: 1 }, 0.4)).toBe(false);
    expect(shouldQuarantine({ succeeded: 0, failed: 0, timedOut: 3 }, 0.4)).toBe(true);
    expect(shouldQuarantine({ succeeded: 0, failed: 4, timedOut: 0 }, 0.4)).toBe(true);
    expect(shouldQuarantine({ succeeded: 20, failed: 4, timedOut: 0 }, 0.4)).toBe(false);
  });
});

describe('successRate', () => {
  it('is null before any finished send and the plain ratio after', () => {
    expect(successRate({ succeeded: 0, failed: 0, timedOut: 0 })).toBeNull();
    expect(successRate({ succeeded: 3, failed: 1, timedOut: 0 })).toBe(0.75);
  });
});
