/** Monotonic milliseconds, for latencies. */
export const nowMs = (): number => performance.now();

/** Runs `work` and reports how long it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const perSecond = (count: number, seconds: number): number => (seconds > 0 ? count / seconds : 0);

/**
 * Calls `fire(index)` `rate` times a second until `total` calls, on a fixed schedule (each tick fires
 * what is due since the start, so a slow tick is caught up, not dropped). Resolves with the seconds it took.
 */
export async function pacedLoop(rate: number, total: number, fire: (index: number) => Promise<unknown>, tickMs = 10): Promise<number> {
  const started = performance.now();
  let fired = 0;
  while (fired < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * rate) + 1);
    const batch: Promise<unknown>[] = [];
    for (; fired < due; fired += 1) batch.push(fire(fired));
    await Promise.all(batch);
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return (performance.now() - started) / 1_000;
}
