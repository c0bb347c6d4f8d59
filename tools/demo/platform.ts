import { PublicApiClient } from '@zagel/sdk';
import { TestPlatform } from '@zagel/testing';

/** Where the demo talks to Zagel, who its operator is, and how to let go of it afterwards. */
export interface DemoTarget {
  apiUrl: string;
  gatewayUrl: string;
  operator: { email: string; password: string };
  /** Stops the platform if the demo started it. */
  release(): Promise<void>;
}

/** True when the gateway at `apiUrl` answers its readiness check. */
export async function platformIsReady(apiUrl: string): Promise<boolean> {
  try {
    return (await new PublicApiClient({ baseUrl: apiUrl }).get('/health/ready', { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Every service started from the build the way the launcher starts them, in a namespace of their
 * own on free ports, with an operator of their own: nothing of it is left once `release()` returns.
 */
export async function startDemoPlatform(): Promise<DemoTarget> {
  const platform = new TestPlatform({ settings: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  await platform.start();
  return {
    apiUrl: platform.url('api-gateway'),
    gatewayUrl: platform.url('device-gateway'),
    operator: platform.operator,
    release: () => platform.stop(),
  };
}
