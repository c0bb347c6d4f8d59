import { generateMobileNumber } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { CallbackServer, TestCustomer, TestPlatform, until, validSignature } from '@zagel/testing';
import { callbacksTo, JOURNEY_SETTINGS, ownerWithPhones } from './support/journeys';

// The Messages API through the whole platform: ingestion, the real router, the provider-sender's
// built-in simulator, simulated phones on the device-gateway, billing and signed callbacks.

const zagel = new TestPlatform({ settings: JOURNEY_SETTINGS });

beforeAll(() => zagel.start(), 180_000);
afterEach(() => zagel.disconnectPhones());
afterAll(() => zagel.stop(), 60_000);

const PROVIDER_PROMOTIONAL_PRICE = 5;
const DEVICE_TRANSACTIONAL_PRICE = 3;
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled', 'expired'];

type MessageView = Schema<'MessageView'>;

interface AnalyticsSummary {
  totals: { messages: number; sent: number; delivered: number; failed: number; deliveryRate: number; segments: number; cost: number };
}

async function message(customer: TestCustomer, id: string): Promise<MessageView> {
  return (await customer.app.get(`/v1/messages/${id}`)).body;
}

function finalMessage(customer: TestCustomer, id: string, deadline = 20_000): Promise<MessageView> {
  return until(
    async () => {
      const read = await message(customer, id);
      return FINAL.includes(read.status) ? read : undefined;
    },
    { what: `message ${id} to reach a final status`, deadline, interval: 200 },
  );
}

function balanceSettlesAt(customer: TestCustomer, available: number) {
  return until(
    async () => {
      const balance = (await customer.app.get('/v1/billing/balance')).body;
      return balance.available === available && balance.reserved === 0;
    },
    { what: `the balance to settle at ${available}` },
  );
}

describe('a message from send to delivery', () => {
  it('routes a promotional message to a provider, delivers it, records its history, calls back signed and captures the price', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const hooks = zagel.closeOnStop(await new CallbackServer().start());
    const secret = await callbacksTo(customer, hooks.url);
    const to = await generateMobileNumber('EG', 'Vodafone');
    const accepted = (await customer.app.post('/v1/messages', { to, body: 'Winter sale: 20% off today', type: 'promotional', clientReference: 'promo-1' })).expectStatus(202);
    expect(accepted).toEqual(expect.objectContaining({ id: expect.any(String), to, segments: 1, price: PROVIDER_PROMOTIONAL_PRICE }));

    const read = await finalMessage(customer, accepted.id);
    expect(read).toEqual(
      expect.objectContaining({ status: 'delivered', routePreference: 'providers', route: 'provider', provider: expect.any(String), deliveredAt: expect.any(String) }),
    );
    const history = (read.history ?? []).map((entry) => entry.status);
    expect(history[0]).toBe('queued');
    expect(history.filter((status) => status !== 'routing')).toEqual(['queued', 'sent', 'delivered']);
    expect(read.history?.find((entry) => entry.status === 'delivered')).toEqual(expect.objectContaining({ provider: read.provider }));

    await until(() => ['sent', 'delivered'].every((status) => hooks.received.some((callback) => callback.json.status === status)), {
      what: 'the sent and delivered callbacks',
    });
    for (const callback of hooks.received) {
      expect(callback.json).toEqual(expect.objectContaining({ messageId: accepted.id, clientReference: 'promo-1' }));
      expect(await validSignature(callback, secret)).toBe(true);
      expect(await validSignature(callback, `${secret}x`)).toBe(false);
    }

    await balanceSettlesAt(customer, 1_000 - PROVIDER_PROMOTIONAL_PRICE);
    const ledger = (await customer.app.get('/v1/billing/ledger')).body;
    expect(ledger.items.filter((entry) => entry.kind === 'capture')).toEqual([expect.objectContaining({ amount: -PROVIDER_PROMOTIONAL_PRICE })]);
  }, 60_000);

  it("delivers a message with route devices through a phone, and records its owner's reward as pending (until a canary proves the phone)", async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { owner, phones } = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Etisalat' });
    const [{ phone, deviceId }] = phones;
    const to = await generateMobileNumber('EG', 'Etisalat');
    const accepted = (await customer.app.post('/v1/messages', { to, body: 'Your parcel is on its way', route: 'devices' })).expectStatus(202);
    const read = await finalMessage(customer, accepted.id);
    expect(read).toEqual(expect.objectContaining({ status: 'delivered', route: 'device', deviceId }));
    expect(phone.received).toEqual([expect.objectContaining({ to, body: 'Your parcel is on its way' })]);
    expect((read.history ?? []).map((entry) => [entry.status, entry.route ?? null, entry.deviceId ?? null])).toEqual([
      ['queued', null, null],
      ['routing', 'device', deviceId],
      ['sent', 'device', deviceId],
      ['delivered', 'device', deviceId],
    ]);
    await balanceSettlesAt(customer, 1_000 - DEVICE_TRANSACTIONAL_PRICE);
    await until(async () => (await owner.api.get('/v1/rewards')).body.pendingTokens === 1, { what: "the phone owner's pending reward" });
    expect((await owner.api.get('/v1/rewards')).body).toMatchObject({ balance: 0, items: [] });
  }, 60_000);
});

describe('batches, schedules and analytics', () => {
  let customer: TestCustomer;

  beforeAll(async () => {
    customer = await zagel.customer({ credit: 10_000 });
  });

  it('takes a batch of valid and invalid items, rejects the invalid ones by index, and brings every accepted one to a final status', async () => {
    const numbers = await Promise.all([1, 2, 3].map(() => generateMobileNumber('SA', 'STC')));
    const batch = (
      await customer.app.post('/v1/messages/batch', {
        defaults: { type: 'promotional', body: 'Weekend offer' },
        messages: [{ to: numbers[0] }, { to: 'not a number' }, { to: numbers[1] }, { body: 'no recipient' }, { to: numbers[2], body: 'Your own text' }],
      })
    ).expectStatus(202);
    expect(batch.accepted).toHaveLength(3);
    expect(batch.rejected.map((item) => item.index).sort()).toEqual([1, 3]);
    for (const item of batch.accepted) {
      const read = await finalMessage(customer, item.id);
      expect(read.status).toBe('delivered');
      expect(read.batchId).toBe(batch.batchId);
    }
  }, 90_000);

  it('cancels a scheduled message before it goes, and releases its price', async () => {
    const before = (await customer.app.get('/v1/billing/balance')).body;
    const to = await generateMobileNumber('AE', 'du');
    const scheduleAt = new Date(Date.now() + 3_600_000).toISOString();
    const accepted = (await customer.app.post('/v1/messages', { to, body: 'See you tomorrow', scheduleAt })).expectStatus(202);
    expect((await message(customer, accepted.id)).status).toBe('scheduled');
    const canceled = await customer.app.post(`/v1/messages/${accepted.id}/cancel`);
    expect([200, 201]).toContain(canceled.status);
    expect((await message(customer, accepted.id)).status).toBe('canceled');
    await until(
      async () => {
        const after = (await customer.app.get('/v1/billing/balance')).body;
        return after.available === before.available && after.reserved === before.reserved;
      },
      { what: 'the price to be released' },
    );
    await zagel.drained();
    expect((await message(customer, accepted.id)).status).toBe('canceled');
  }, 60_000);

  it('counts in analytics exactly what was delivered, failed and paid', async () => {
    const mine = (await customer.app.get('/v1/messages?limit=100')).body.items;
    const delivered = mine.filter((item) => item.status === 'delivered');
    expect(delivered.length).toBe(3);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    await until(
      async () => {
        const summary = (await customer.app.get(`/v1/analytics/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).body as AnalyticsSummary;
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
        const balance = (await customer.app.get('/v1/billing/balance')).body;
        expect(10_000 - balance.available).toBe(summary.totals.cost);
        return true;
      },
      { what: 'the analytics to count what was delivered and paid' },
    );
  }, 60_000);
});
