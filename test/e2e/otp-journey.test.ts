import { SERVICE_NAMES, ServiceName } from '@zagel/config';
import { generateMobileNumber } from '@zagel/device-simulator';
import { CallbackServer, otpCodeIn, smsTo, TestCustomer, TestPlatform, until, validSignature } from '@zagel/testing';
import { busCounter } from './support/bus-counters';
import { callbacksTo, JOURNEY_SETTINGS, ownerWithPhones } from './support/journeys';

// OTP verification through the whole platform: the public API, the real router (pool-dispatcher),
// simulated phones on the real device-gateway, the provider-sender's built-in simulator, billing and
// ingestion's signed callbacks. Nothing plays a service.

// Each code is charged the price of the route it took (the balances below are per route), whether its
// price was held by the prepaid allowance (the default) or reserved with billing.
const zagel = new TestPlatform({ settings: JOURNEY_SETTINGS });

beforeAll(() => zagel.start(), 180_000);
afterEach(() => zagel.disconnectPhones());
afterAll(() => zagel.stop(), 60_000);

const DEVICE_OTP_PRICE = 3;
const PROVIDER_OTP_PRICE = 6;

function balanceSettlesAt(customer: TestCustomer, available: number) {
  return until(
    async () => {
      const balance = (await customer.app.get('/v1/billing/balance')).body;
      return balance.available === available && balance.reserved === 0;
    },
    { what: `the balance to settle at ${available}` },
  );
}

describe('an OTP from send to approval', () => {
  it('goes out through a phone on the recipient carrier, is approved once, rewards the owner once, captures the price and calls back signed', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const hooks = zagel.closeOnStop(await new CallbackServer().start());
    const secret = await callbacksTo(customer, hooks.url);

    const { owner, phones } = await ownerWithPhones(zagel, 2, { country: 'EG', carrier: 'Vodafone' });
    const to = await generateMobileNumber('EG', 'Vodafone');
    const started = (await customer.app.post('/v1/verifications', { to, metadata: { order: 'A-1' } })).expectStatus(201);
    expect(started).toEqual(expect.objectContaining({ to, status: 'pending', sendCount: 1 }));

    const { phone, message } = await smsTo(phones, to);
    const code = otpCodeIn(message.body);
    // The message record the customer can list never holds the code.
    await until(async () => (await customer.app.get(`/v1/messages/${message.messageId}`)).ok, { what: 'the message record' });
    expect(JSON.stringify((await customer.app.get(`/v1/messages/${message.messageId}`)).body)).not.toContain(code);
    // Checked as soon as the phone shows it: before its `sent` report may have reached otp.
    const checked = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code })).expectStatus(200);
    expect(checked).toEqual({ id: started.id, status: 'approved', valid: true, remainingAttempts: 4 });
    const again = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code })).expectStatus(200);
    expect(again).toEqual(expect.objectContaining({ status: 'approved', valid: false }));

    await until(
      async () => {
        const read = (await customer.app.get(`/v1/verifications/${started.id}`)).body;
        expect(read).toEqual(expect.objectContaining({ status: 'approved', route: 'device', approvedAt: expect.any(String) }));
        expect(read.sends).toEqual([expect.objectContaining({ route: 'device', deviceId: phone.deviceId, status: expect.stringMatching(/^(sent|delivered)$/) })]);
        return true;
      },
      { what: 'the verification to be approved, its send reported by the phone' },
    );

    // The owner is rewarded once for the SMS its phone carried.
    const earned = await until(
      async () => {
        const { balance } = (await owner.api.get('/v1/rewards')).body;
        return balance > 0 ? balance : undefined;
      },
      { what: 'the reward' },
    );
    await zagel.drained();
    const rewards = (await owner.api.get('/v1/rewards')).body;
    expect(rewards.balance).toBe(earned);
    expect(rewards.items).toEqual([expect.objectContaining({ deviceId: phone.deviceId })]);

    // The customer pays the device route's price, captured once.
    await balanceSettlesAt(customer, 1_000 - DEVICE_OTP_PRICE);
    const ledger = (await customer.app.get('/v1/billing/ledger')).body;
    expect(ledger.items.filter((entry) => entry.kind === 'capture')).toEqual([expect.objectContaining({ amount: -DEVICE_OTP_PRICE })]);

    // The customer's endpoint hears approved, signed with its secret.
    const approved = await until(() => hooks.received.find((callback) => callback.json.verificationId === started.id && callback.json.status === 'approved'), {
      what: 'the approved callback',
    });
    expect(approved.json).toEqual(expect.objectContaining({ event: 'verification.status', to, attempts: 1, metadata: { order: 'A-1' } }));
    expect(await validSignature(approved, secret)).toBe(true);
    expect(await validSignature(approved, `${secret}x`)).toBe(false);
    expect(JSON.stringify(hooks.received)).not.toContain(code);
  }, 60_000);

  it('ends after 5 wrong codes, and refuses the right one afterwards', async () => {
    const customer = await zagel.customer();
    const { owner, phones } = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Etisalat' });
    const to = await generateMobileNumber('EG', 'Etisalat');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);
    const code = otpCodeIn((await smsTo(phones, to)).message.body);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code: wrong })).expectStatus(200);
      expect(response).toEqual({ id: started.id, status: 'pending', valid: false, remainingAttempts: 5 - attempt });
    }
    const fifth = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code: wrong })).expectStatus(200);
    expect(fifth).toEqual({ id: started.id, status: 'max_attempts_reached', valid: false, remainingAttempts: 0 });
    const right = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code })).expectStatus(200);
    expect(right).toEqual(expect.objectContaining({ status: 'max_attempts_reached', valid: false }));
    // Nobody verified anything: no reward, though the SMS was sent and paid for.
    await zagel.drained();
    expect((await owner.api.get('/v1/rewards')).body.items).toHaveLength(0);
  }, 60_000);
});

describe('routes', () => {
  it('moves from a phone that never sends to another phone on the carrier, which carries it and earns the reward', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    // The first phone accepts the push and then never reports it sent: the send deadline (3 s here) passes.
    const silent = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Orange' }, { behaviour: 'ack-only' });
    const to = await generateMobileNumber('EG', 'Orange');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);
    await smsTo(silent.phones, to);
    const working = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'Orange' });
    const { phone, message } = await smsTo(working.phones, to);
    expect((await customer.app.post('/v1/verifications/check', { to, code: otpCodeIn(message.body) })).expectStatus(200).status).toBe('approved');
    await until(
      async () => {
        const read = (await customer.app.get(`/v1/verifications/${started.id}`)).body;
        expect(read).toEqual(expect.objectContaining({ status: 'approved', route: 'device' }));
        expect(read.sends).toEqual([expect.objectContaining({ route: 'device', deviceId: phone.deviceId })]);
        expect((await working.owner.api.get('/v1/rewards')).body.items).toEqual([expect.objectContaining({ deviceId: phone.deviceId })]);
        return true;
      },
      { what: 'the approval through the working phone and its reward' },
    );
    expect((await silent.owner.api.get('/v1/rewards')).body.items).toHaveLength(0);
    await balanceSettlesAt(customer, 1_000 - DEVICE_OTP_PRICE);
  }, 60_000);

  it('moves from a failing phone to another phone, then to a provider, and shows every step', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const { owner, phones } = await ownerWithPhones(zagel, 2, { country: 'EG', carrier: 'Orange' }, { failureRate: 1, failureMode: 'report' });
    const to = await generateMobileNumber('EG', 'Orange');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);

    // Both phones get it and report failure; the provider simulator carries it.
    await until(() => phones.every(({ phone }) => phone.received.some((sms) => sms.to === to)), { what: 'both phones to get the code', deadline: 20_000 });
    const read = await until(
      async () => {
        const verification = (await customer.app.get(`/v1/verifications/${started.id}`)).body;
        expect(verification.route).toBe('provider');
        // The provider-sender's built-in simulator account carried it and reported it delivered.
        expect(verification.sends).toEqual([expect.objectContaining({ route: 'provider', provider: 'simulator', status: 'delivered' })]);
        return verification;
      },
      { what: 'a provider to deliver the code', deadline: 20_000 },
    );
    // The message's history shows every step: each phone it was pushed to, then the provider. It is
    // recorded off the live path (ingestion's bookkeeping lingers), so it may trail otp's view a little.
    const history = await until(
      async () => {
        const steps: { status: string; deviceId?: string }[] = (await customer.app.get(`/v1/messages/${read.sends[0].messageId}`)).body.history ?? [];
        expect(steps.map((entry) => entry.status)).toEqual(['queued', 'routing', 'routing', 'sent', 'delivered']);
        return steps;
      },
      { what: "the message's history to show every step" },
    );
    expect(history.filter((entry) => entry.status === 'routing').map((entry) => entry.deviceId).sort()).toEqual(phones.map((phone) => phone.deviceId).sort());
    expect(history.slice(3)).toEqual([
      expect.objectContaining({ route: 'provider', provider: 'simulator' }),
      expect.objectContaining({ route: 'provider', provider: 'simulator' }),
    ]);
    const code = otpCodeIn(phones[0].phone.received.find((sms) => sms.to === to)!.body);
    expect((await customer.app.post('/v1/verifications/check', { to, code })).expectStatus(200).status).toBe('approved');
    await balanceSettlesAt(customer, 1_000 - PROVIDER_OTP_PRICE);
    // The failing phones carried nothing: no reward.
    expect((await owner.api.get('/v1/rewards')).body.items).toHaveLength(0);
  }, 60_000);

  it('goes to a provider when no phone is online on the carrier', async () => {
    const customer = await zagel.customer({ credit: 1_000 });
    const to = await generateMobileNumber('SA', 'Zain');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);
    await until(
      async () => {
        const read = (await customer.app.get(`/v1/verifications/${started.id}`)).body;
        expect(read.route).toBe('provider');
        expect(read.sends).toEqual([expect.objectContaining({ route: 'provider', provider: 'simulator', status: 'delivered' })]);
        return true;
      },
      { what: 'a provider to deliver the code', deadline: 20_000 },
    );
    await balanceSettlesAt(customer, 1_000 - PROVIDER_OTP_PRICE);
  }, 60_000);
});

describe('billing and tenants', () => {
  it('answers 402 when the balance is too low, and sends nothing', async () => {
    const customer = await zagel.customer({ credit: 0 });
    const { phones } = await ownerWithPhones(zagel, 1, { country: 'EG', carrier: 'WE' });
    const to = await generateMobileNumber('EG', 'WE');
    const refused = await customer.app.post('/v1/verifications', { to });
    expect(refused.status).toBe(402);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await zagel.drained();
    expect(phones.flatMap(({ phone }) => phone.received)).toHaveLength(0);
    expect((await customer.app.get('/v1/billing/balance')).body).toEqual(expect.objectContaining({ available: 0, reserved: 0 }));
  }, 60_000);

  it('lets no other organization read or check a verification', async () => {
    const customer = await zagel.customer();
    const stranger = await zagel.customer();
    const to = await generateMobileNumber('AE', 'du');
    const started = (await customer.app.post('/v1/verifications', { to })).expectStatus(201);
    expect((await stranger.app.get(`/v1/verifications/${started.id}`)).status).toBe(404);
    expect((await stranger.app.post('/v1/verifications/check', { verificationId: started.id, code: '123456' })).status).toBe(404);
    expect((await stranger.app.post('/v1/verifications/check', { to, code: '123456' })).status).toBe(404);
    const read = (await customer.app.get(`/v1/verifications/${started.id}`)).expectStatus(200);
    expect(read).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
  }, 60_000);
});

describe('need-to-know routing', () => {
  // Runs last: every verification above has gone through the platform by now.
  it('delivers each service only the bus messages it acts on: no status to the router, only otp codes to ingestion, none dropped', async () => {
    await zagel.drained();
    const acked = (service: ServiceName, type: string) => busCounter(zagel, service, 'zagel_bus_consumed_total', { type, outcome: 'ack' });
    const published = (service: ServiceName, type: string) => busCounter(zagel, service, 'zagel_bus_published_total', { type });
    const statuses = (await Promise.all((['pool-dispatcher', 'provider-sender', 'ingestion'] as const).map((service) => published(service, 'message.status')))).reduce(
      (total, count) => total + count,
    );
    expect(statuses).toBeGreaterThan(0);
    // Every message here is otp's: otp hears each of its steps, the router none (it binds cancellations only).
    expect(await acked('otp', 'message.status')).toBe(statuses);
    expect(await acked('pool-dispatcher', 'message.status')).toBe(0);
    expect(await acked('ingestion', 'message.requested')).toBe(await published('otp', 'message.requested'));
    const dropped = await Promise.all(SERVICE_NAMES.map(async (service) => [service, await busCounter(zagel, service, 'zagel_bus_dropped_total')] as const));
    expect(dropped.filter(([, count]) => count > 0)).toEqual([]);
  });
});
