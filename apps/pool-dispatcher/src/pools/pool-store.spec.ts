import { v7 as uuidv7 } from 'uuid';
import { RedisClient } from '@zagel/redis';
import { EG_VODAFONE, onlinePhones, pick, picks, poolStoreOnRedis } from '../../test/support/pool-store-on-redis';
import { PoolStore } from './pool-store';

const onRedis = poolStoreOnRedis();
const { storeWith } = onRedis;
let redis: RedisClient;

beforeAll(() => {
  redis = onRedis.redis();
});

describe('pool choice', () => {
  it('fill-first: the first phone sends until its quota runs out, then the next', async () => {
    const store = await storeWith('fill-first', 2);
    const [a, b, c] = await onlinePhones(store, 3);
    expect(await picks(store, 7)).toEqual([a, a, b, b, c, c, null]);
  });

  it('round-robin: one phone after the other, in registration order', async () => {
    const store = await storeWith('round-robin', 10);
    const [a, b, c] = await onlinePhones(store, 3);
    expect(await picks(store, 7)).toEqual([a, b, c, a, b, c, a]);
  });

  it('least-recently-used: the phone idle longest', async () => {
    const store = await storeWith('least-recently-used', 10);
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
    const store = await storeWith('fill-first');
    const [orange] = await onlinePhones(store, 1, { carrier: 'orange' });
    const [vodafone] = await onlinePhones(store, 1, { carrier: 'vodafone' });
    expect(await pick(store)).toBe(vodafone);
    expect(await pick(store, [], [{ country: 'EG', carrier: 'etisalat' }, { country: 'EG', carrier: null }])).toBe(orange);
  });

  it('a pinned message goes to that phone alone, from its own pools whatever the recipient, or to none', async () => {
    for (const strategy of ['fill-first', 'round-robin', 'least-recently-used'] as const) {
      const store = await storeWith(strategy, 1);
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
    const store = await storeWith('fill-first');
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
    const store = await storeWith('fill-first', 10, 2);
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
    const store = await storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    const messageId = uuidv7();
    const lease = () => ({ leaseId: uuidv7(), messageId, organizationId: uuidv7(), origin: 'api' as const, attempt: 1, deadline: Date.now() + 1_000, excluded: [], claim: '{}' });
    expect(await store.pickAndLease(EG_VODAFONE, lease())).toMatchObject({ deviceId: a });
    expect(await store.pickAndLease(EG_VODAFONE, lease())).toBe('duplicate');
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(1);
  });

  it('a message the customer canceled is neither claimed nor leased, and takes no quota', async () => {
    const store = await storeWith('fill-first', 5);
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
    const store = await storeWith('fill-first', 1);
    const [a] = await onlinePhones(store, 1);
    expect(await pick(store)).toBe(a);
    expect(await pick(store)).toBeNull();
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(1);

    const [lease] = await redis.sMembers(store.key('device-leases', a));
    await store.refundQuota(a, lease);
    await store.sync(a);
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(0);
    expect(await pick(store)).toBe(a);
  });

  it('never hands one unit to two concurrent picks', async () => {
    const store = await storeWith('fill-first', 3);
    await onlinePhones(store, 2);
    const results = await Promise.all(Array.from({ length: 10 }, () => pick(store)));
    expect(results.filter((id) => id !== null)).toHaveLength(6);
  });

  it('a refund gives back only its own unit, once', async () => {
    const store = await storeWith('fill-first', 3);
    const [a] = await onlinePhones(store, 1);
    expect(await picks(store, 2)).toEqual([a, a]);
    const [first] = await redis.sMembers(store.key('device-leases', a));
    await store.refundQuota(a, first);
    await store.refundQuota(a, first);
    expect((await store.liveState([a])).get(a)?.sentToday).toBe(1);
  });
});

describe('the quota is a rolling 24 hours', () => {
  const at = (iso: string) => Date.parse(iso);
  const HOUR = 60 * 60 * 1_000;

  /** What the refresher does every second: files the phones whose window has freed a unit by `now`. */
  async function fileRegained(store: PoolStore, now: number): Promise<string[]> {
    const due = await store.phonesRegainingQuota(now, 100);
    for (const deviceId of due) await store.sync(deviceId, null, now);
    return due;
  }

  it('counts sends across midnight UTC and gives each unit back exactly 24 hours after it was taken', async () => {
    const store = await storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    for (const time of ['2026-12-03T23:50:00Z', '2026-12-03T23:55:00Z', '2026-12-04T00:10:00Z', '2026-12-04T00:20:00Z', '2026-12-04T00:30:00Z']) {
      expect(await pick(store, [], EG_VODAFONE, at(time))).toBe(a);
    }
    // A new UTC day would have given three more: the last 24 hours hold five.
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T00:40:00Z'))).toBeNull();
    expect((await store.liveState([a], at('2026-12-04T12:00:00Z'))).get(a)).toMatchObject({ sentToday: 5, inPool: false });

    expect(await fileRegained(store, at('2026-12-04T23:49:59.999Z'))).toEqual([]);
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T23:49:59.999Z'))).toBeNull();
    // 24 hours after the first send, its unit is free again, and the phone is back in its pools.
    expect(await fileRegained(store, at('2026-12-04T23:50:00Z'))).toEqual([a]);
    expect((await store.liveState([a], at('2026-12-04T23:50:00Z'))).get(a)).toMatchObject({ sentToday: 4, inPool: true });
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T23:50:00Z'))).toBe(a);
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T23:54:59.999Z'))).toBeNull();
    expect(await fileRegained(store, at('2026-12-04T23:55:00Z'))).toEqual([a]);
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T23:55:00Z'))).toBe(a);
    expect(await pick(store, [], EG_VODAFONE, at('2026-12-04T23:56:00Z'))).toBeNull();
  });

  it('never lets parallel reservations put more than the quota in any 24-hour window', async () => {
    const quota = 5;
    const store = await storeWith('fill-first', quota);
    const phones = await onlinePhones(store, 3);
    const start = at('2026-12-03T20:00:00Z');
    const taken = new Map<string, number[]>(phones.map((id) => [id, []]));
    const free = (now: number) => phones.reduce((sum, id) => sum + quota - taken.get(id)!.filter((time) => time > now - 24 * HOUR).length, 0);
    // Rounds of 7 parallel picks, 5 hours apart, with the refresher's work between them: each round
    // gets exactly the units its last 24 hours left free, however the picks interleave.
    for (let round = 0; round < 12; round += 1) {
      const now = start + round * 5 * HOUR;
      const expected = Math.min(7, free(now));
      await fileRegained(store, now);
      const picked = await Promise.all(Array.from({ length: 7 }, () => pick(store, [], EG_VODAFONE, now)));
      for (const id of picked) if (id) taken.get(id)!.push(now);
      expect(picked.filter((id) => id !== null)).toHaveLength(expected);
    }
    for (const times of taken.values()) {
      for (const from of times) expect(times.filter((time) => time >= from && time < from + 24 * HOUR).length).toBeLessThanOrEqual(quota);
    }
    expect([...taken.values()].flat().length).toBeGreaterThan(3 * quota);
  });

  it('a lowered quota keeps the phone out until enough units have aged out', async () => {
    const store = await storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    const start = at('2026-12-03T10:00:00Z');
    for (let index = 0; index < 3; index += 1) expect(await pick(store, [], EG_VODAFONE, start + index * HOUR)).toBe(a);
    await store.putDevice({ deviceId: a, ownerId: uuidv7(), country: 'EG', carrier: 'vodafone', dailyQuota: 2, paused: false, quarantined: false, order: 1_000 }, null, start + 3 * HOUR);
    expect(await pick(store, [], EG_VODAFONE, start + 3 * HOUR)).toBeNull();
    // Three units, two allowed: the phone may send once the second oldest has aged out.
    expect(await fileRegained(store, start + 24 * HOUR)).toEqual([]);
    expect(await fileRegained(store, start + 25 * HOUR)).toEqual([a]);
    expect(await pick(store, [], EG_VODAFONE, start + 25 * HOUR)).toBe(a);
  });

  it('takes no phone while the windows are not known to be complete (Redis lost them)', async () => {
    const store = await storeWith('fill-first', 5);
    const [a] = await onlinePhones(store, 1);
    await redis.del(store.key('quota-epoch'));
    expect(await pick(store)).toBeNull();
    expect((await store.liveState([a])).get(a)).toMatchObject({ online: true, inPool: false });
    await redis.set(store.key('quota-epoch'), 'complete');
    expect((await store.liveState([a])).get(a)).toMatchObject({ inPool: true });
    expect(await pick(store)).toBe(a);
  });
});

describe('a phone that has not proven its number', () => {
  it('is never picked, not even after a refresh, and is from the moment its record says it proved it', async () => {
    const store = await storeWith('fill-first');
    const [phone] = await onlinePhones(store, 1);
    const record = { deviceId: phone, ownerId: uuidv7(), country: 'EG', carrier: 'vodafone', dailyQuota: null, paused: false, quarantined: false, order: 1_000 };
    expect(await store.putDevice({ ...record, unverified: true })).toBe(false);
    expect(await store.sync(phone)).toBe(false);
    expect(await pick(store)).toBeNull();
    expect((await store.liveState([phone])).get(phone)).toMatchObject({ online: true, inPool: false });

    expect(await store.putDevice({ ...record, unverified: false })).toBe(true);
    expect(await pick(store)).toBe(phone);
  });
});
