import { eventually } from '@zagel/testing';
import { CallbackServer, Customer, expectStatus, Json, JourneyPlatform, sleep, validSignature } from './support/journey-platform';

// The Messages API through the whole platform: ingestion, the real router, the provider-sender's
// built-in simulator, simulated phones on the device-gateway, billing and signed callbacks.

let zagel: JourneyPlatform;

beforeAll(async () => {
  zagel = await JourneyPlatform.start();
}, 150_000);

afterAll(async () => {
  await zagel?.stop();
}, 60_000);

const PROVIDER_PROMOTIONAL_PRICE = 5;
const DEVICE_TRANSACTIONAL_PRICE = 3;
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled', 'expired'];

async function message(customer: Customer, id: string): Promise<Json> {
  return expectStatus(await zagel.api.get(`/v1/messages/${id}`, customer.app), 200);
}

async function finalMessage(customer: Customer, id: string, timeoutMs = 20_000): Promise<Json> {
  let read: Json;
  await eventually(
    async () => {
      read = await message(customer, id);
      expect(FINAL).toContain(read.status);
    },
    { timeoutMs, intervalMs: 200 },
  );
  return read;
}

describe('a message from send to delivery', () => {
  it('routes a promotional message to a provider, delivers it, records its history, calls back signed and captures the price', async () => {
    const customer = await zagel.customer(1_000);
    const hooks = await new CallbackServer().start();
    try {
      const secret = expectStatus(await zagel.api.put('/v1/webhooks/settings', customer.app, { url: hooks.url }), 200).secret as string;
      const to = await zagel.number('EG', 'Vodafone');
      const accepted = expectStatus(
        await zagel.api.post('/v1/messages', customer.app, { to, body: 'Winter sale: 20% off today', type: 'promotional', clientReference: 'promo-1' }),
        202,
      );
      expect(accepted).toEqual(expect.objectContaining({ id: expect.any(String), to, segments: 1, price: PROVIDER_PROMOTIONAL_PRICE }));

      const read = await finalMessage(customer, accepted.id);
      expect(read).toEqual(
        expect.objectContaining({ status: 'delivered', routePreference: 'providers', route: 'provider', provider: expect.any(String), deliveredAt: expect.any(String) }),
      );
      const history: string[] = read.history.map((entry: Json) => entry.status);
      expect(history[0]).toBe('queued');
      expect(history.filter((status) => status !== 'routing')).toEqual(['queued', 'sent', 'delivered']);
      expect(read.history.find((entry: Json) => entry.status === 'delivered')).toEqual(expect.objectContaining({ provider: read.provider }));

      await eventually(() => expect(hooks.received.map((callback) => callback.json.status)).toEqual(expect.arrayContaining(['sent', 'delivered'])), {
        timeoutMs: 15_000,
      });
      for (const callback of hooks.received) {
        expect(callback.json).toEqual(expect.objectContaining({ messageId: accepted.id, clientReference: 'promo-1' }));
        expect(validSignature(callback, secret)).toBe(true);
        expect(validSignature(callback, `${secret}x`)).toBe(false);
      }

      await eventually(async () => {
        expect(expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200)).toEqual(
          expect.objectContaining({ available: 1_000 - PROVIDER_PROMOTIONAL_PRICE, reserved: 0 }),
        );
      }, { timeoutMs: 15_000 });
      const ledger = expectStatus(await zagel.api.get('/v1/billing/ledger', customer.app), 200);
      expect(ledger.items.filter((entry: Json) => entry.kind === 'capture')).toEqual([expect.objectContaining({ amount: -PROVIDER_PROMOTIONAL_PRICE })]);
    } finally {
      await hooks.stop();
    }
  }, 60_000);

  it('delivers a message with route devices through a phone, and rewards its owner', async () => {
    const customer = await zagel.customer(1_000);
    const owner = await zagel.phoneOwner(1, { country: 'EG', carrier: 'Etisalat' });
    const to = await zagel.number('EG', 'Etisalat');
    const accepted = expectStatus(await zagel.api.post('/v1/messages', customer.app, { to, body: 'Your parcel is on its way', route: 'devices' }), 202);
    const read = await finalMessage(customer, accepted.id);
    expect(read).toEqual(expect.objectContaining({ status: 'delivered', route: 'device', deviceId: owner.phones[0]!.options.deviceId }));
    expect(owner.phones[0]!.received).toEqual([expect.objectContaining({ to, body: 'Your parcel is on its way' })]);
    const deviceId = owner.phones[0]!.options.deviceId;
    expect(read.history.map((entry: Json) => [entry.status, entry.route ?? null, entry.deviceId ?? null])).toEqual([
      ['queued', null, null],
      ['routing', 'device', deviceId],
      ['sent', 'device', deviceId],
      ['delivered', 'device', deviceId],
    ]);
    await eventually(async () => {
      expect(expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200)).toEqual(
        expect.objectContaining({ available: 1_000 - DEVICE_TRANSACTIONAL_PRICE, reserved: 0 }),
      );
      expect(expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200).items).toHaveLength(1);
    }, { timeoutMs: 15_000 });
    owner.fleet.close();
  }, 60_000);
});

describe('batches, schedules and analytics', () => {
  let customer: Customer;

  beforeAll(async () => {
    customer = await zagel.customer(10_000);
  });

  it('takes a batch of valid and invalid items, rejects the invalid ones by index, and brings every accepted one to a final status', async () => {
    const numbers = await Promise.all([1, 2, 3].map(() => zagel.number('SA', 'STC')));
    const batch = expectStatus(
      await zagel.api.post('/v1/messages/batch', customer.app, {
        defaults: { type: 'promotional', body: 'Weekend offer' },
        messages: [{ to: numbers[0] }, { to: 'not a number' }, { to: numbers[1] }, { body: 'no recipient' }, { to: numbers[2], body: 'Your own text' }],
      }),
      202,
    );
    expect(batch.accepted).toHaveLength(3);
    expect(batch.rejected.map((item: Json) => item.index).sort()).toEqual([1, 3]);
    for (const item of batch.accepted) {
      const read = await finalMessage(customer, item.id);
      expect(read.status).toBe('delivered');
      expect(read.batchId).toBe(batch.batchId);
    }
  }, 90_000);

  it('cancels a scheduled message before it goes, and releases its price', async () => {
    const before = expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200);
    const to = await zagel.number('AE', 'du');
    const scheduleAt = new Date(Date.now() + 3_600_000).toISOString();
    const accepted = expectStatus(await zagel.api.post('/v1/messages', customer.app, { to, body: 'See you tomorrow', scheduleAt }), 202);
    expect((await message(customer, accepted.id)).status).toBe('scheduled');
    const canceled = await zagel.api.post(`/v1/messages/${accepted.id}/cancel`, customer.app);
    expect([200, 201]).toContain(canceled.status);
    expect((await message(customer, accepted.id)).status).toBe('canceled');
    await eventually(async () => {
      const after = expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200);
      expect(after).toEqual(expect.objectContaining({ available: before.available, reserved: before.reserved }));
    });
    await sleep(1_000);
    expect((await message(customer, accepted.id)).status).toBe('canceled');
  }, 60_000);

  it('counts in analytics exactly what was delivered, failed and paid', async () => {
    const listed = expectStatus(await zagel.api.get('/v1/messages?limit=100', customer.app), 200);
    const mine: Json[] = listed.items;
    const delivered = mine.filter((item) => item.status === 'delivered');
    expect(delivered.length).toBe(3);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    await eventually(async () => {
      const summary = expectStatus(await zagel.api.get(`/v1/analytics/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, customer.app), 200);
      expect(summary.totals).toEqual(
        expect.objectContaining({
          messages: mine.length,
          sent: delivered.length,
          delivered: delivered.length,
          failed: 0,
          deliveryRate: 1,
          segments: delivered.reduce((sum, item) => sum + item.segments, 0),
          cost: delivered.reduce((sum, item) => sum + item.price, 0),
        }),
      );
      const balance = expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200);
      expect(10_000 - balance.available).toBe(summary.totals.cost);
    }, { timeoutMs: 15_000 });
  }, 60_000);
});
