import { randomUUID } from 'node:crypto';
import { PrepaidAllowance } from '@zagel/billing-client';
import { AdjustCredits, CloseAllowance, GrantAllowance } from '@zagel/contracts';
import { BusClient } from '@zagel/messaging';
import { createRedisClient, RedisKeys } from '@zagel/redis';
import { BusProbe, TestPlatform } from '@zagel/testing';
import { perSecond, timed } from '../common';

export interface AllowanceRates {
  spendPerSecond: number;
  pingPerSecond: number;
  refused: number;
  /** Whether closing captured exactly what was spent. */
  exact: boolean;
}

/**
 * Spends from one organization's prepaid allowance, `concurrency` in flight on one Redis connection
 * (as a sender would), against the bare figure of Redis PINGs on the same connection; then closes
 * the allowance and checks billing captured exactly what was spent.
 */
export async function allowanceSpends(platform: TestPlatform, probe: BusProbe, count: number, concurrency: number): Promise<AllowanceRates> {
  const redis = await createRedisClient({ config: platform.namespace.settings, name: 'bench-allowance' });
  try {
    const billing = new BusClient(probe.bus, 'billing');
    const organizationId = randomUUID();
    await probe.rpc.call(AdjustCredits, 'billing', { organizationId, operatorId: randomUUID(), amount: count * 2, reason: 'bench funding' });
    await billing.call(GrantAllowance, { organizationId, amount: count }, { timeoutMs: 30_000 });
    const allowance = new PrepaidAllowance({ redis, keys: new RedisKeys(platform.namespace.namespace), rpc: billing, lowWater: 0 });
    const inFlight = async (call: () => Promise<unknown>) => {
      let next = 0;
      const worker = async () => {
        while (next++ < count) await call();
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await inFlight(() => redis.ping());
    const pings = await timed(() => inFlight(() => redis.ping()));
    let refused = 0;
    const spends = await timed(() => inFlight(async () => ((await allowance.spend(organizationId, 1)).spent ? undefined : (refused += 1))));
    const closed = await billing.call(CloseAllowance, { organizationId }, { timeoutMs: 30_000 });
    return {
      spendPerSecond: Math.round(perSecond(count, spends.seconds)),
      pingPerSecond: Math.round(perSecond(count, pings.seconds)),
      refused,
      exact: closed.captured === count - refused && closed.returned === refused,
    };
  } finally {
    await redis.close();
  }
}
