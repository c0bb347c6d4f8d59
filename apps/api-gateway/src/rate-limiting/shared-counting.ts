/** One counter as one request sees it: its count with that request, and the time left in its window. */
export interface CounterReading {
  count: number;
  resetMs: number;
}

/** How many of the requests count against each counter, in the order the counters first appear. */
export function tallyCounters(requests: readonly (readonly string[])[]): Map<string, number> {
  const tally = new Map<string, number>();
  for (const counters of requests) for (const counter of counters) tally.set(counter, (tally.get(counter) ?? 0) + 1);
  return tally;
}

/**
 * Each request's readings once the counters were raised together (`after`: each counter's count and
 * reset after the raise of `tally`), as if the requests had been counted one after another in order:
 * the first of n requests on a counter sees its count before the raise plus one, the last the count after.
 */
export function shareCounts(
  requests: readonly (readonly string[])[],
  tally: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, CounterReading>,
): CounterReading[][] {
  const seen = new Map<string, number>();
  return requests.map((counters) =>
    counters.map((counter) => {
      const final = after.get(counter)!;
      const position = (seen.get(counter) ?? 0) + 1;
      seen.set(counter, position);
      return { count: final.count - tally.get(counter)! + position, resetMs: final.resetMs };
    }),
  );
}
