import { until, UntilTimeout } from './until';

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Retries `probe` until it stops throwing (returning its value) or the time runs out (rethrowing its
 * last error, so an `expect` failure reads as usual). `until` is the same with a name for what is awaited.
 */
export async function eventually<T>(probe: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const wrapped = await until(async () => ({ value: await probe() }), {
    what: 'a condition',
    deadline: options.timeoutMs ?? 30_000,
    interval: options.intervalMs ?? 50,
  }).catch((error: unknown) => {
    throw error instanceof UntilTimeout && error.last instanceof Error ? error.last : error;
  });
  return wrapped.value;
}
