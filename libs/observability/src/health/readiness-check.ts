/** One dependency a service needs before it can take work (Postgres, Redis, RabbitMQ, ...). */
export interface ReadinessCheck {
  /** Key in the `/health/ready` response, e.g. `postgres`. */
  name: string;
  /** Resolves true when usable; false or a rejection means down. */
  isUp(): Promise<boolean>;
  /**
   * Default true. A non-critical check is reported in `details` but never makes the service
   * unready, e.g. the api-gateway's pings of the other services: a billing outage must not take
   * every gateway out of the load balancer.
   */
  critical?: boolean;
}

/** The brief's name for a readiness check. */
export type HealthCheck = ReadinessCheck;

export type CheckOutcome =
  | { name: string; up: true; durationMs: number }
  | { name: string; up: false; durationMs: number; reason: 'down' | 'timeout' | 'error'; error?: unknown };

/** Runs one check, bounded by `timeoutMs`; never rejects. */
export async function runReadinessCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => check.isUp()), timeout]);
    if (result === 'timeout') return { name: check.name, up: false, durationMs: elapsed(), reason: 'timeout' };
    return result === true
      ? { name: check.name, up: true, durationMs: elapsed() }
      : { name: check.name, up: false, durationMs: elapsed(), reason: 'down' };
  } catch (error) {
    return { name: check.name, up: false, durationMs: elapsed(), reason: 'error', error };
  } finally {
    clearTimeout(timer);
  }
}
