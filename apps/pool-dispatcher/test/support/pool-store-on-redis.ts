import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Namespace, PlatformConfig } from '@zagel/config';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { DispatchStrategy, PoolDispatcherConfig } from '../../src/config';
import { PoolStore } from '../../src/pools/pool-store';

export interface PoolStoreOnRedis {
  redis(): RedisClient;
  /**
   * A store in a key space of its own, so cases never see each other's phones. Leases here are never
   * closed: by default a phone may hold any number, so the cases see quotas and order only. The
   * store's quota windows start complete, as QuotaWindowsRecovery leaves them.
   */
  storeWith(strategy: DispatchStrategy, defaultQuota?: number, maxInFlight?: number): Promise<PoolStore>;
}

/** The pool scripts against a real Redis (the scripts are the logic), in a namespace of the spec file's own; removed after it. */
export function poolStoreOnRedis(): PoolStoreOnRedis {
  const namespace = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let redis: RedisClient;

  beforeAll(async () => {
    redis = await createRedisClient({ config: Object.assign(new PlatformConfig(), { REDIS_URL: process.env.REDIS_URL ?? new PlatformConfig().REDIS_URL }) });
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${namespace}:*`, COUNT: 1000 })) keys.push(...batch);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  });

  return {
    redis: () => redis,
    async storeWith(strategy, defaultQuota = 5, maxInFlight = 1_000) {
      const settings = Object.assign(new PoolDispatcherConfig(), {
        DISPATCH_STRATEGY: strategy,
        DEVICE_DEFAULT_DAILY_QUOTA: defaultQuota,
        DEVICE_MAX_IN_FLIGHT: maxInFlight,
      });
      const store = new PoolStore(redis, new RedisKeys(new Namespace(`${namespace}:${randomBytes(3).toString('hex')}`)), settings);
      await redis.set(store.key('quota-epoch'), 'complete');
      return store;
    },
  };
}

export async function onlinePhones(store: PoolStore, count: number, options: { carrier?: string; quota?: number } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const deviceId = uuidv7();
    ids.push(deviceId);
    await store.markOnline(deviceId, 'gw-1', new Date());
    await store.putDevice({
      deviceId,
      ownerId: uuidv7(),
      country: 'EG',
      carrier: options.carrier ?? 'vodafone',
      dailyQuota: options.quota ?? null,
      paused: false,
      quarantined: false,
      order: 1_000 + index,
    });
  }
  return ids;
}

export const EG_VODAFONE = [
  { country: 'EG', carrier: 'vodafone' },
  { country: 'EG', carrier: null },
];

export async function pick(store: PoolStore, excluded: string[] = [], pools = EG_VODAFONE, now = Date.now()): Promise<string | null> {
  const picked = await store.pickAndLease(pools, { leaseId: uuidv7(), messageId: uuidv7(), organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: now + 1_000, excluded }, now);
  if (picked === 'duplicate' || picked === 'canceled') throw new Error(`a message without a claim or a cancel cannot be ${picked}`);
  return picked?.deviceId ?? null;
}

export async function picks(store: PoolStore, count: number, now = Date.now()): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let index = 0; index < count; index += 1) result.push(await pick(store, [], EG_VODAFONE, now));
  return result;
}
