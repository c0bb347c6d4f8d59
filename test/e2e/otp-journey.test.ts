import { eventually } from '@zagel/testing';
import { CallbackServer, codeIn, expectStatus, Json, JourneyPlatform, receivedBy, sleep, validSignature } from './support/journey-platform';

// OTP verification through the whole platform: the public API, the real router (pool-dispatcher),
// simulated phones on the real device-gateway, the provider-sender's built-in simulator, billing and
// ingestion's signed callbacks. Nothing plays a service.

let zagel: JourneyPlatform;

beforeAll(async () => {
  zagel = await JourneyPlatform.start();
}, 150_000);

afterAll(async () => {
  await zagel?.stop();
}, 60_000);

const DEVICE_OTP_PRICE = 3;
const PROVIDER_OTP_PRICE = 6;

describe('an OTP from send to approval', () => {
  it('goes out through a phone on the recipient carrier, is approved once, rewards the owner once, captures the price and calls back signed', async () => {
    const customer = await zagel.customer(1_000);
    const hooks = await new CallbackServer().start();
    try {
      const settings = expectStatus(await zagel.api.put('/v1/webhooks/settings', customer.app, { url: hooks.url }), 200);
      const secret = settings.secret as string;
      expect(secret).toEqual(expect.any(String));

      const owner = await zagel.phoneOwner(2, { country: 'EG', carrier: 'Vodafone' });
      const to = await zagel.number('EG', 'Vodafone');
      const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to, metadata: { order: 'A-1' } }), 201);
      expect(started).toEqual(expect.objectContaining({ to, status: 'pending', sendCount: 1 }));

      const { phone, body, messageId } = await receivedBy(owner.fleet, to);
      const code = codeIn(body);
      // The message record the customer can list never holds the code.
      await eventually(async () => {
        const record = expectStatus(await zagel.api.get(`/v1/messages/${messageId}`, customer.app), 200);
        expect(JSON.stringify(record)).not.toContain(code);
      }, { timeoutMs: 15_000 });
      // Checked as soon as the phone shows it: before its `sent` report may have reached otp.
      const checked = expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { verificationId: started.id, code }), 200);
      expect(checked).toEqual({ id: started.id, status: 'approved', valid: true, remainingAttempts: 4 });
      const again = expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { verificationId: started.id, code }), 200);
      expect(again).toEqual(expect.objectContaining({ status: 'approved', valid: false }));

      await eventually(
        async () => {
          const read = expectStatus(await zagel.api.get(`/v1/verifications/${started.id}`, customer.app), 200);
          expect(read).toEqual(expect.objectContaining({ status: 'approved', route: 'device', approvedAt: expect.any(String) }));
          expect(read.sends).toEqual([expect.objectContaining({ route: 'device', deviceId: phone.options.deviceId, status: expect.stringMatching(/^(sent|delivered)$/) })]);
        },
        { timeoutMs: 15_000 },
      );

      // The owner is rewarded once for the SMS its phone carried.
      await eventually(async () => {
        const rewards = expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200);
        expect(rewards.balance).toBeGreaterThan(0);
        expect(rewards.items).toEqual([expect.objectContaining({ deviceId: phone.options.deviceId })]);
      }, { timeoutMs: 15_000 });
      const earned = expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200).balance;
      await sleep(1_500);
      const rewards = expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200);
      expect(rewards.balance).toBe(earned);
      expect(rewards.items).toHaveLength(1);

      // The customer pays the device route's price, captured once.
      await eventually(async () => {
        const balance = expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200);
        expect(balance).toEqual(expect.objectContaining({ available: 1_000 - DEVICE_OTP_PRICE, reserved: 0 }));
      }, { timeoutMs: 15_000 });
      const ledger = expectStatus(await zagel.api.get('/v1/billing/ledger', customer.app), 200);
      const captures = ledger.items.filter((entry: Json) => entry.kind === 'capture');
      expect(captures).toEqual([expect.objectContaining({ amount: -DEVICE_OTP_PRICE })]);

      // The customer's endpoint hears pending then approved, signed with its secret.
      await eventually(() => {
        const statuses = hooks.received.filter((callback) => callback.json.verificationId === started.id).map((callback) => callback.json.status);
        expect(statuses).toEqual(expect.arrayContaining(['approved']));
      }, { timeoutMs: 15_000 });
      const approved = hooks.received.find((callback) => callback.json.verificationId === started.id && callback.json.status === 'approved')!;
      expect(approved.json).toEqual(expect.objectContaining({ event: 'verification.status', to, attempts: 1, metadata: { order: 'A-1' } }));
      expect(validSignature(approved, secret)).toBe(true);
      expect(validSignature(approved, `${secret}x`)).toBe(false);
      expect(JSON.stringify(hooks.received)).not.toContain(code);
    } finally {
      zagel.closeFleets();
      await hooks.stop();
    }
  }, 60_000);

  it('ends after 5 wrong codes, and refuses the right one afterwards', async () => {
    const customer = await zagel.customer();
    const owner = await zagel.phoneOwner(1, { country: 'EG', carrier: 'Etisalat' });
    const to = await zagel.number('EG', 'Etisalat');
    const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to }), 201);
    const code = codeIn((await receivedBy(owner.fleet, to)).body);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { verificationId: started.id, code: wrong }), 200);
      expect(response).toEqual({ id: started.id, status: 'pending', valid: false, remainingAttempts: 5 - attempt });
    }
    const fifth = expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { verificationId: started.id, code: wrong }), 200);
    expect(fifth).toEqual({ id: started.id, status: 'max_attempts_reached', valid: false, remainingAttempts: 0 });
    const right = expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { verificationId: started.id, code }), 200);
    expect(right).toEqual(expect.objectContaining({ status: 'max_attempts_reached', valid: false }));
    // Nobody verified anything: no reward, though the SMS was sent and paid for.
    await sleep(1_000);
    expect(expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200).items).toHaveLength(0);
    zagel.closeFleets();
  }, 60_000);
});

describe('routes', () => {
  it('moves from a phone that never sends to another phone on the carrier, which carries it and earns the reward', async () => {
    const customer = await zagel.customer(1_000);
    // The first phone accepts the push and then never reports it sent: the send deadline (3 s here) passes.
    const silent = await zagel.phoneOwner(1, { country: 'EG', carrier: 'Orange' }, { behaviour: 'ack-only' });
    const to = await zagel.number('EG', 'Orange');
    const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to }), 201);
    await receivedBy(silent.fleet, to);
    const working = await zagel.phoneOwner(1, { country: 'EG', carrier: 'Orange' });
    const { phone, body } = await receivedBy(working.fleet, to);
    expect(expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { to, code: codeIn(body) }), 200).status).toBe('approved');
    await eventually(async () => {
      const read = expectStatus(await zagel.api.get(`/v1/verifications/${started.id}`, customer.app), 200);
      expect(read).toEqual(expect.objectContaining({ status: 'approved', route: 'device' }));
      expect(read.sends).toEqual([expect.objectContaining({ route: 'device', deviceId: phone.options.deviceId })]);
      expect(expectStatus(await zagel.api.get('/v1/rewards', { bearer: working.bearer }), 200).items).toEqual([
        expect.objectContaining({ deviceId: phone.options.deviceId }),
      ]);
    }, { timeoutMs: 15_000 });
    expect(expectStatus(await zagel.api.get('/v1/rewards', { bearer: silent.bearer }), 200).items).toHaveLength(0);
    await eventually(async () => {
      expect(expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200)).toEqual(
        expect.objectContaining({ available: 1_000 - DEVICE_OTP_PRICE, reserved: 0 }),
      );
    }, { timeoutMs: 15_000 });
    zagel.closeFleets();
  }, 60_000);

  it('moves from a failing phone to another phone, then to a provider, and shows every step', async () => {
    const customer = await zagel.customer(1_000);
    const owner = await zagel.phoneOwner(2, { country: 'EG', carrier: 'Orange' }, { failureRate: 1, failureMode: 'report' });
    const to = await zagel.number('EG', 'Orange');
    const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to }), 201);

    // Both phones get it and report failure; the provider simulator carries it.
    await eventually(() => expect(owner.phones.every((phone) => phone.received.some((sms) => sms.to === to))).toBe(true), { timeoutMs: 20_000 });
    let read: Json;
    await eventually(
      async () => {
        read = expectStatus(await zagel.api.get(`/v1/verifications/${started.id}`, customer.app), 200);
        expect(read.route).toBe('provider');
        // The provider-sender's built-in simulator account carried it and reported it delivered.
        expect(read.sends).toEqual([expect.objectContaining({ route: 'provider', provider: 'simulator', status: 'delivered' })]);
      },
      { timeoutMs: 20_000 },
    );
    // The message's history shows every step: each phone it was pushed to, then the provider.
    const history: Json[] = expectStatus(await zagel.api.get(`/v1/messages/${read.sends[0].messageId}`, customer.app), 200).history;
    expect(history.map((entry) => entry.status)).toEqual(['queued', 'routing', 'routing', 'sent', 'delivered']);
    expect(history.filter((entry) => entry.status === 'routing').map((entry) => entry.deviceId).sort()).toEqual(
      owner.phones.map((phone) => phone.options.deviceId).sort(),
    );
    expect(history.slice(3)).toEqual([
      expect.objectContaining({ route: 'provider', provider: 'simulator' }),
      expect.objectContaining({ route: 'provider', provider: 'simulator' }),
    ]);
    const code = codeIn(owner.phones[0]!.received.find((sms) => sms.to === to)!.body);
    expect(expectStatus(await zagel.api.post('/v1/verifications/check', customer.app, { to, code }), 200).status).toBe('approved');
    await eventually(async () => {
      expect(expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200)).toEqual(
        expect.objectContaining({ available: 1_000 - PROVIDER_OTP_PRICE, reserved: 0 }),
      );
    }, { timeoutMs: 15_000 });
    // The failing phones carried nothing: no reward.
    expect(expectStatus(await zagel.api.get('/v1/rewards', { bearer: owner.bearer }), 200).items).toHaveLength(0);
    zagel.closeFleets();
  }, 60_000);

  it('goes to a provider when no phone is online on the carrier', async () => {
    const customer = await zagel.customer(1_000);
    const to = await zagel.number('SA', 'Zain');
    const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to }), 201);
    await eventually(
      async () => {
        const read = expectStatus(await zagel.api.get(`/v1/verifications/${started.id}`, customer.app), 200);
        expect(read.route).toBe('provider');
        expect(read.sends).toEqual([expect.objectContaining({ route: 'provider', provider: 'simulator', status: 'delivered' })]);
      },
      { timeoutMs: 20_000 },
    );
    await eventually(async () => {
      expect(expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200)).toEqual(
        expect.objectContaining({ available: 1_000 - PROVIDER_OTP_PRICE, reserved: 0 }),
      );
    }, { timeoutMs: 15_000 });
  }, 60_000);
});

describe('billing and tenants', () => {
  it('answers 402 when the balance is too low, and sends nothing', async () => {
    const customer = await zagel.customer(0);
    const owner = await zagel.phoneOwner(1, { country: 'EG', carrier: 'WE' });
    const to = await zagel.number('EG', 'WE');
    const refused = await zagel.api.post('/v1/verifications', customer.app, { to });
    expect(refused.status).toBe(402);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await sleep(1_500);
    expect(owner.fleet.received()).toHaveLength(0);
    const balance = expectStatus(await zagel.api.get('/v1/billing/balance', customer.app), 200);
    expect(balance).toEqual(expect.objectContaining({ available: 0, reserved: 0 }));
    zagel.closeFleets();
  }, 60_000);

  it('lets no other organization read or check a verification', async () => {
    const customer = await zagel.customer();
    const stranger = await zagel.customer();
    const to = await zagel.number('AE', 'du');
    const started = expectStatus(await zagel.api.post('/v1/verifications', customer.app, { to }), 201);
    expect((await zagel.api.get(`/v1/verifications/${started.id}`, stranger.app)).status).toBe(404);
    const check = await zagel.api.post('/v1/verifications/check', stranger.app, { verificationId: started.id, code: '123456' });
    expect(check.status).toBe(404);
    const byNumber = await zagel.api.post('/v1/verifications/check', stranger.app, { to, code: '123456' });
    expect(byNumber.status).toBe(404);
    const read = expectStatus(await zagel.api.get(`/v1/verifications/${started.id}`, customer.app), 200);
    expect(read).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
  }, 60_000);
});
