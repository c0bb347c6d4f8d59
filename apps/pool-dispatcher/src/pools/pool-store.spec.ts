import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Namespace, PlatformConfig } from '@zagel/config';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { DispatchStrategy, PoolDispatcherConfig } from '../config';
import { quotaDay } from './pool-identity';
import { PoolStore } from './pool-store';

/** The pick script against a real Redis (the script is the logic), in a namespace of its own. */
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

/** Leases here are never closed: by default a phone may hold any number, so the cases see quotas and order only. */
function storeWith(strategy: DispatchStrategy, defaultQuota = 5, maxInFlight = 1_000): PoolStore {
  const settings = Object.assign(new PoolDispatcherConfig(), {
    DISPATCH_STRATEGY: strategy,
    DEVICE_DEFAULT_DAILY_QUOTA: defaultQuota,
    DEVICE_MAX_IN_FLIGHT: maxInFlight,
  });
  // Each store gets its own key space, so the cases never see each other's phones.
  return new PoolStore(redis, new RedisKeys(new Namespace(`${namespace}:${randomBytes(3).toString('hex')}`)), settings);
}

async function onlinePhones(store: PoolStore, count: number, options: { carrier?: string; quota?: number } = {}): Promise<string[]> {
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

const EG_VODAFONE = [
  { country: 'EG', carrier: 'vodafone' },
  { country: 'EG', carrier: null },
];

async function pick(store: PoolStore, excluded: string[] = [], pools = EG_VODAFONE, now = Date.now()): Promise<string | null> {
  const picked = await store.pickAndLease(pools, { leaseId: uuidv7(), messageId: uuidv7(), organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: now + 1_000, excluded }, now);
  if (picked === 'duplicate' || picked === 'canceled') throw new Error(`a message without a claim or a cancel cannot be ${picked}`);
  return picked?.deviceId ?? null;
}

async function picks(store: PoolStore, count: number): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let index = 0; index < count; index += 1) result.push(await pick(store));
  return result;
}

describe('pool choice', () => {
  it('fill-first: the first phone sends until its quota runs out, then the next', async () => {
    const store = storeWith('fill-first', 2);
    const [a, b, c] = await onlinePhones(store, 3);
    expect(await picks(store, 7)).toEqual([a, a, b, b, c, c, null]);
  });

  it('round-robin: one phone after the other, in registration order', async () => {
    const store = storeWith('round-robin', 10);
    const [a, b, c] = await onlinePhones(store, 3);
    expect(await picks(store, 7)).toEqual([a, b, c, a, b, c, a]);
  });

  it('least-recently-used: the phone idle longest', async () => {
    const store = storeWith('least-recently-used', 10);
    const [a, b, c] = await onlinePhones(store, 3);
    const now = Date.now();
    const order: (string | null)[] = [];
    for (let index = 0; index < 3; index += 1) order.push(await pick(store, [], EG_VODAFONE, now + index));
    expect(new Set(order)).toEqual(new Set([a, b, c]));
    // b is used again out of turn: afterwards the other two, idle longer, come first.
    expect(await pick(store, [a, c], EG_VODAFONE, now + 10)).toBe(b);
    const next = [await pick(store, [], EG_VODAFONE, now + 11), await pick(store, [], EG_VODAFONE, now + 12)];
    expect(new Set(next)).toEqual(new Set([a, b, c].filter((id) => id !== b)));
  });

  it('prefers the carrier pool and falls back to the country pool', async () => {
    const store = storeWith('fill-first');
    const [orange] = await onlinePhones(store, 1, { carrier: 'orange' });
    const [vodafone] = await onlinePhones(store, 1, { carrier: 'vodafone' });
    expect(await pick(store)).toBe(vodafone);
    expect(await pick(store, [], [{ country: 'EG', carrier: 'etisalat' }, { country: 'EG', carrier: null }])).toBe(orange);
  });

  it('a pinned message goes to that phone alone, from its own pools whatever the recipient, or to none', async () => {
    for (const strategy of ['fill-first', 'round-robin', 'least-recently-used'] as const) {
      const store = storeWith(strategy, 1);
      const [orange] = await onlinePhones(store, 1, { carrier: 'orange' });
      const [first, second] = await onlinePhones(store, 2, { carrier: 'vodafone' });
      const pinned = async (only: string) => {
        const now = Date.now();
        const picked = await store.pickAndLease(
          [{ country: 'SA', carrier: 'stc' }],
          { leaseId: uuidv7(), messageId: uuidv7(), organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: now + 1_000, excluded: [], only },
          now,
        );
        return picked === 'duplicate' || picked === 'canceled' ? picked : (picked?.deviceId ?? null);
      };
      expect(await pinned(second)).toBe(second);
      // Its quota (1) is spent: no other phone takes the message in its place.
      expect(await pinned(second)).toBeNull();
      expect(await pinned(orange)).toBe(orange);
      expect(await pinned(uuidv7())).toBeNull();
      expect(await pick(store)).toBe(first);
    }
  });

  it('skips excluded, offline, paused and cooling-down phones', async () => {
    const store = storeWith('fill-first');
    const [a, b, c, d] = await onlinePhones(store, 4);
    await store.markOffline(a, 'gw-1', new Date(Date.now() + 1));
    await store.putDevice({ deviceId: b, ownerId: uuidv7(), country: 'EG', carrier: 'vodafone', dailyQuota: null, paused: true, quarantined: false, order: 1_001 });
    await store.coolDown(c, Date.now() + 60_000);
    expect(await pick(store, [d])).toBeNull();
    expect(await pick(store)).toBe(d);
  });
});

describe('phones holding DEVICE_MAX_IN_FLIGHT messages', () => {
  it('are skipped (the gateway would hand the push back) until a lease closes', async () => {
    const store = storeWith('fill-first', 10, 2);
    const [a, b] = await onlinePhones(store, 2);
    expect(await picks(store, 5)).toEqual([a, a, b, b, null]);
    // Quota is not what stopped them.
    expect((await store.liveState([a, b])).get(a)?.sentToday).toBe(2);

    const [open] = await redis.sMembers(store.key('device-leases', a));
    await redis.sRem(store.key('device-leases', a), open);
    expect(await pick(store)).toBe(a);
  });
});

describe('claiming a message in the pick', () => {
  it('leases a new message once; the same message again is a duplicate and takes no quota', async () => {
    const store = storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    const messageId = uuidv7();
    const lease = () => ({ leaseId: uuidv7(), messageId, organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: Date.now() + 1_000, excluded: [], claim: '{}' });
    expect(await store.pickAndLease(EG_VODAFONE, lease())).toMatchObject({ deviceId: a });
    expect(await store.pickAndLease(EG_VODAFONE, lease())).toBe('duplicate');
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(1);
  });

  it('a message the customer canceled is neither claimed nor leased, and takes no quota', async () => {
    const store = storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    const messageId = uuidv7();
    await redis.set(store.key('canceled', messageId), '1');
    const lease = { leaseId: uuidv7(), messageId, organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: Date.now() + 1_000, excluded: [], claim: '{}' };
    expect(await store.pickAndLease(EG_VODAFONE, lease)).toBe('canceled');
    expect(await redis.exists(store.key('message', messageId))).toBe(0);
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(0);
  });
});

describe('quota accounting', () => {
  it('reserves one unit per lease and gives a refunded unit back', async () => {
    const store = storeWith('fill-first', 1);
    const [a] = await onlinePhones(store, 1);
    expect(await pick(store)).toBe(a);
    expect(await pick(store)).toBeNull();
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(1);

    await store.refundQuota(a, quotaDay(new Date()));
    await store.sync(a);
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(0);
    expect(await pick(store)).toBe(a);
  });

  it('never hands one unit to two concurrent picks', async () => {
    const store = storeWith('fill-first', 3);
    await onlinePhones(store, 2);
    const results = await Promise.all(Array.from({ length: 10 }, () => pick(store)));
    expect(results.filter((id) => id !== null)).toHaveLength(6);
  });

  it('a refund never goes below zero', async () => {
    const store = storeWith('fill-first', 1);
    const [a] = await onlinePhones(store, 1);
    await store.refundQuota(a, quotaDay(new Date()));
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(0);
  });
});
