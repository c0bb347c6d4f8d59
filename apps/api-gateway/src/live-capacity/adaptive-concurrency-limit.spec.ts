import { AdaptiveConcurrencyLimit, LiveTicket, MIN_TARGET_MS } from './adaptive-concurrency-limit';

const bounds = { minLimit: 4, maxLimit: 200, latencyCeilingMs: 150, initialLimit: 20 };

/** Fills the limit, then answers every admitted request `latencyMs` later; returns the clock after. */
function roundAt(limit: AdaptiveConcurrencyLimit, clock: number, latencyMs: number, outcome: 'answered' | 'overloaded' = 'answered'): number {
  const tickets: LiveTicket[] = [];
  for (let ticket = limit.tryAcquire(clock); ticket; ticket = limit.tryAcquire(clock)) tickets.push(ticket);
  for (const ticket of tickets) limit.release(ticket, clock + latencyMs, outcome);
  return clock + latencyMs;
}

function rounds(limit: AdaptiveConcurrencyLimit, count: number, latencyMs: number | ((limit: number) => number)): number[] {
  const seen: number[] = [];
  let clock = 0;
  for (let round = 0; round < count; round += 1) {
    clock = roundAt(limit, clock, typeof latencyMs === 'number' ? latencyMs : latencyMs(limit.limit));
    seen.push(limit.limit);
  }
  return seen;
}

describe('AdaptiveConcurrencyLimit', () => {
  it('admits up to the limit and refuses the next at once; a release frees a slot', () => {
    const limit = new AdaptiveConcurrencyLimit({ ...bounds, initialLimit: 5 });
    const tickets = Array.from({ length: 5 }, () => limit.tryAcquire(0));
    expect(tickets.every(Boolean)).toBe(true);
    expect(limit.tryAcquire(0)).toBeUndefined();
    limit.release(tickets[0]!, 1, 'answered');
    expect(limit.inFlight).toBe(4);
    expect(limit.tryAcquire(1)).toBeDefined();
  });

  it('grows while the limit is in use and answers come back under the target, up to the maximum', () => {
    const limit = new AdaptiveConcurrencyLimit(bounds);
    const seen = rounds(limit, 200, 10);
    expect(seen[0]).toBeGreaterThan(20);
    expect(seen.every((value, index) => index === 0 || value >= seen[index - 1]!)).toBe(true);
    expect(limit.limit).toBe(200);
  });

  it('shrinks when answers climb over the target, down to the minimum', () => {
    const limit = new AdaptiveConcurrencyLimit(bounds);
    rounds(limit, 5, 10);
    const grown = limit.limit;
    const seen = rounds(limit, 40, 400);
    expect(seen[0]).toBeLessThan(grown);
    expect(limit.limit).toBe(4);
  });

  it('settles where throughput × target puts it when latency grows with what is in flight (Little)', () => {
    // A platform serving 100 requests/s: n in flight wait n / 100 s.
    const limit = new AdaptiveConcurrencyLimit(bounds);
    const seen = rounds(limit, 300, (inFlight) => inFlight * 10);
    const settled = seen.slice(-100);
    // The target is the ceiling here (150 ms: the idle answer, at a handful in flight, is slow), so ~15 in flight.
    expect(Math.max(...settled)).toBeLessThanOrEqual(20);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(8);
  });

  it('aims at the idle latency times a tolerance, within its floor and the ceiling', () => {
    const limit = new AdaptiveConcurrencyLimit(bounds);
    expect(limit.targetMs).toBe(150);
    rounds(limit, 3, 20);
    expect(limit.targetMs).toBe(80);
    rounds(limit, 3, 1);
    expect(limit.targetMs).toBe(MIN_TARGET_MS);
  });

  it('shrinks once for a slow burst: answers admitted under the previous limit do not shrink it again', () => {
    const limit = new AdaptiveConcurrencyLimit({ ...bounds, initialLimit: 20 });
    const tickets = Array.from({ length: 20 }, () => limit.tryAcquire(0)!);
    for (const ticket of tickets) limit.release(ticket, 1_000, 'answered');
    expect(limit.limit).toBe(16);
  });

  it('shrinks when a service behind says it is overloaded, however fast it said so', () => {
    const limit = new AdaptiveConcurrencyLimit(bounds);
    const ticket = limit.tryAcquire(0)!;
    limit.release(ticket, 2, 'overloaded');
    expect(limit.limit).toBe(16);
  });

  it('leaves the limit alone when few requests are in flight, however slow their answers', () => {
    const limit = new AdaptiveConcurrencyLimit(bounds);
    for (let clock = 0; clock < 100_000; clock += 1_000) limit.release(limit.tryAcquire(clock)!, clock + 900, 'answered');
    expect(limit.limit).toBe(20);
  });

  it('frees the slot of an abandoned request without learning from it', () => {
    const limit = new AdaptiveConcurrencyLimit({ ...bounds, initialLimit: 5 });
    const tickets = Array.from({ length: 5 }, () => limit.tryAcquire(0)!);
    for (const ticket of tickets) limit.release(ticket, 10_000, 'abandoned');
    expect(limit.inFlight).toBe(0);
    expect(limit.limit).toBe(5);
  });

  it('is a fixed limit when its bounds are equal, and refuses bounds that cannot hold', () => {
    const fixed = new AdaptiveConcurrencyLimit({ ...bounds, minLimit: 8, maxLimit: 8 });
    rounds(fixed, 20, 1_000);
    expect(fixed.limit).toBe(8);
    expect(() => new AdaptiveConcurrencyLimit({ ...bounds, minLimit: 10, maxLimit: 5 })).toThrow(RangeError);
  });
});
