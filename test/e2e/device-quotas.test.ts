import { randomUUID } from 'node:crypto';
import { generateMobileNumber } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { deleteNamespaceKeys, E2E_TIMINGS, TestCustomer, TestPhone, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';

/**
 * Phone quotas through the whole platform: a rolling 24 hours per SIM, and pools and quotas that
 * survive the loss of Redis. Phones are registered through the public API and connected with the
 * simulator to the real device-gateway; messages are sent with `POST /v1/messages`.
 */

type DeviceView = Schema<'OwnedDeviceView'>;
type MessageView = Schema<'MessageView'>;

const platform = new TestPlatform({ settings: { ...E2E_TIMINGS, DEVICE_SEND_TIMEOUT_MS: '10000' } });
let customer: TestCustomer;
let owner: TestPhoneOwner;

beforeAll(async () => {
  await platform.start();
  customer = await platform.customer({ credit: 100_000 });
  owner = await platform.phoneOwner();
}, 180_000);

// Every phone of a test leaves the pools before the next test routes anything.
afterEach(() => platform.emptyPools(), 30_000);

afterAll(() => platform.stop(), 60_000);

async function vodafonePhone(dailyQuota: number): Promise<TestPhone> {
  const phone = await platform.phone(owner, { country: 'EG', carrier: 'Vodafone', label: 'Vodafone phone' });
  (await owner.api.patch(`/v1/devices/${phone.deviceId}`, { dailyQuota })).expectStatus(200);
  await until(() => phone.phone.configs.at(-1)?.dailyQuota === dailyQuota, { what: 'the phone to be told its quota' });
  return phone;
}

async function device(id: string): Promise<DeviceView> {
  const found = (await owner.api.get('/v1/devices?limit=100')).body.items.find((item) => item.id === id);
  if (!found) throw new Error(`device ${id} not listed`);
  return found;
}

/** Sends one message to a Vodafone Egypt number and waits until it is sent; answers its view. */
async function sendOne(route: 'devices' | 'auto' = 'devices'): Promise<MessageView> {
  const to = await generateMobileNumber('EG', 'Vodafone');
  const id = (await customer.app.post('/v1/messages', { to, body: `Parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route })).body.id;
  return until(
    async () => {
      const view = (await customer.app.get(`/v1/messages/${id}`)).body;
      return ['sent', 'delivered'].includes(view.status) ? view : undefined;
    },
    { what: `message ${id} to be sent`, deadline: 20_000, interval: 100 },
  );
}

async function availableVodafonePhones(): Promise<number> {
  const operator = await platform.asOperator();
  const pools = (await operator.get('/v1/admin/pools?country=EG')).body.items;
  return pools.find((pool) => pool.carrier === 'vodafone')?.availablePhones ?? 0;
}

it('Redis flushed mid-run: the pool is back as the phones heartbeat, and what they sent before still counts', async () => {
  const first = await vodafonePhone(2);
  const second = await vodafonePhone(5);
  expect((await sendOne()).deviceId).toBe(first.deviceId);
  await until(async () => (await device(first.deviceId)).sentToday === 1, { what: 'the first phone to have sent one' });

  // Every key of this platform's namespace, as a flush or a restart without persistence would leave Redis.
  await deleteNamespaceKeys(platform.namespace);
  expect((await sendOne('auto')).route).toBe('provider');

  // The phones are still connected: their next heartbeat puts them back.
  for (const { phone } of [first, second]) expect(await phone.heartbeat({ battery: 77 })).toEqual({ ok: true });
  await until(async () => (await availableVodafonePhones()) === 2, { what: 'both phones back in the Vodafone pool', interval: 100 });
  expect(await device(first.deviceId)).toMatchObject({ online: true, sentToday: 1, quotaLeft: 1 });

  // The first phone has one unit left of its two (not two, as an emptied counter would give it).
  expect((await sendOne()).deviceId).toBe(first.deviceId);
  expect((await sendOne()).deviceId).toBe(second.deviceId);
  expect(first.phone.received).toHaveLength(2);
  expect(await device(first.deviceId)).toMatchObject({ sentToday: 2, quotaLeft: 0 });
});

it('a unit comes back 24 hours after it was taken, not at midnight UTC, and the phone rejoins its pool then', async () => {
  const first = await vodafonePhone(2);
  const second = await vodafonePhone(20);
  const early = [await sendOne(), await sendOne()];
  expect(early.map((view) => view.deviceId)).toEqual([first.deviceId, first.deviceId]);

  // Time passes, as far as the records go: the first phone's two sends now date from 20 seconds short
  // of 24 hours ago (yesterday, before midnight UTC, for most of the day). Redis losing its data makes
  // the dispatcher read them again from those records.
  const agedBy = 24 * 60 * 60 * 1_000 - 20_000;
  await platform
    .db('pool-dispatcher')
    .query(`UPDATE delivery_attempts SET leased_at = leased_at - $2 * interval '1 millisecond' WHERE device_id = $1`, [first.deviceId, agedBy]);
  await deleteNamespaceKeys(platform.namespace);
  for (const { phone } of [first, second]) expect(await phone.heartbeat({ battery: 77 })).toEqual({ ok: true });
  await until(async () => (await device(second.deviceId)).online && (await device(first.deviceId)).sentToday === 2, {
    what: "the phones back, with the first one's two units counted",
  });
  // Out of quota until its units age out: the next message goes to the second phone…
  expect((await sendOne()).deviceId).toBe(second.deviceId);
  // …then the first phone rejoins its pool by itself, and fill-first uses it again.
  await until(async () => (await availableVodafonePhones()) === 2, { what: 'the first phone back in its pool', deadline: 40_000, interval: 200 });
  // Back with the unit that aged out first (the second follows a moment later).
  expect((await device(first.deviceId)).quotaLeft).toBeGreaterThan(0);
  expect((await sendOne()).deviceId).toBe(first.deviceId);
}, 120_000);
