import { PlatformConfig } from '@zagel/config';

const defaults = new PlatformConfig();

/**
 * The timings a cost bench must measure as production runs them, where the test platform's differ:
 * the outbox sweeper (the test platform's sweeps every 500 ms, so a test that kills a service sees its
 * outbox republished within seconds, would be charged to every message) and the bookkeeping linger
 * (off on the test platform, so that `drained()` never misses a delivery waiting unacked).
 */
export const PRODUCTION_TIMINGS: Readonly<Record<string, string>> = {
  OUTBOX_SWEEP_INTERVAL_MS: String(defaults.OUTBOX_SWEEP_INTERVAL_MS),
  OUTBOX_SWEEP_AFTER_MS: String(defaults.OUTBOX_SWEEP_AFTER_MS),
  BOOKKEEPING_LINGER_MS: String(defaults.BOOKKEEPING_LINGER_MS),
};
