import { decideRateLimit } from './rate-limit-decision';

describe('decideRateLimit', () => {
  it('allows while every bucket is within its limit and reports the tightest', () => {
    const decision = decideRateLimit([
      { name: 'ip', limit: 100, count: 10, resetMs: 30_000 },
      { name: 'key', limit: 5, count: 2, resetMs: 12_300 },
    ]);
    expect(decision).toEqual({ allowed: true, limit: 5, remaining: 3, resetSeconds: 13 });
  });

  it('allows the request that reaches the limit exactly, with nothing left', () => {
    expect(decideRateLimit([{ name: 'ip', limit: 3, count: 3, resetMs: 1_000 }])).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('refuses past the limit with Retry-After from the bucket that refused', () => {
    const decision = decideRateLimit([
      { name: 'ip', limit: 100, count: 10, resetMs: 50_000 },
      { name: 'org', limit: 4, count: 5, resetMs: 2_001 },
    ]);
    expect(decision).toEqual({ allowed: false, limit: 4, remaining: 0, resetSeconds: 3, retryAfterSeconds: 3, exceeded: 'org' });
  });

  it('waits for the latest reset when several buckets are over', () => {
    const decision = decideRateLimit([
      { name: 'key', limit: 1, count: 2, resetMs: 1_000 },
      { name: 'org', limit: 1, count: 9, resetMs: 40_000 },
    ]);
    expect(decision).toMatchObject({ allowed: false, retryAfterSeconds: 40, exceeded: 'org' });
  });

  it('never says 0 seconds', () => {
    expect(decideRateLimit([{ name: 'ip', limit: 1, count: 2, resetMs: 0 }]).retryAfterSeconds).toBe(1);
  });
});
