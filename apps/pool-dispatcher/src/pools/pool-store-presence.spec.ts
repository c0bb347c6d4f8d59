import { onlinePhones, pick, poolStoreOnRedis } from '../../test/support/pool-store-on-redis';

const { storeWith } = poolStoreOnRedis();

describe('presence reports of a phone, in any order', () => {
  it('a late report of an older connection neither moves the phone back to that gateway nor ends the current one', async () => {
    const store = await storeWith('fill-first');
    const [phone] = await onlinePhones(store, 1);
    const t = Date.now();
    expect(await store.markOnline(phone, 'gw-2', new Date(t + 2_000))).toBe(true);
    expect(await store.markOnline(phone, 'gw-1', new Date(t + 1_000))).toBe(false);
    expect(await store.markOffline(phone, 'gw-1', new Date(t + 3_000))).toBe(false);
    expect(await store.gatewayOf(phone)).toBe('gw-2');
    expect(await pick(store)).toBe(phone);
  });

  it('a connection stamped just before another instance noticed the last one end still counts (each stamps on its own clock)', async () => {
    const store = await storeWith('fill-first');
    const [phone] = await onlinePhones(store, 1);
    const t = Date.now();
    expect(await store.markOffline(phone, 'gw-1', new Date(t + 2_000))).toBe(true);
    expect(await store.markOnline(phone, 'gw-2', new Date(t + 1_500))).toBe(true);
    await store.sync(phone);
    expect(await store.gatewayOf(phone)).toBe('gw-2');
    expect(await pick(store)).toBe(phone);
  });
});
