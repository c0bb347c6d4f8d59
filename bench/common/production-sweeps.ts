import { PlatformConfig } from '@zagel/config';

const defaults = new PlatformConfig();

/**
 * The outbox sweeper as it runs in production. The test platform's sweeps every 500 ms (so a test
 * that kills a service sees its outbox republished within seconds) would be charged to every
 * message a cost bench measures.
 */
export const PRODUCTION_OUTBOX_SWEEPS: Readonly<Record<string, string>> = {
  OUTBOX_SWEEP_INTERVAL_MS: String(defaults.OUTBOX_SWEEP_INTERVAL_MS),
  OUTBOX_SWEEP_AFTER_MS: String(defaults.OUTBOX_SWEEP_AFTER_MS),
};
