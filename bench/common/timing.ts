/** Monotonic milliseconds, for latencies. */
export const nowMs = (): number => performance.now();

/** Runs `work` and reports how long it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const perSecond = (count: number, seconds: number): number => (seconds > 0 ? count / seconds : 0);
