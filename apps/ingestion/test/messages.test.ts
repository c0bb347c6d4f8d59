import { randomUUID } from 'node:crypto';
import { MessageRequested, MessageRequestedPayload, MessageStatusChanged, MessageStatusPayload, OtpVerified, WebhookEndpointDisabled } from '@zagel/contracts';
import { eventually } from '@zagel/testing';
import { expectProblem, itemsOf } from './support/public-api';
import { CallbackServer, IngestionPlatform, Tenant, validSignature } from './support/ingestion-platform';

const US_MOBILE = '+14155550123';
const EG_MOBILE = '+201001234567';
const UK_LANDLINE = '+442079460000';
/** The billing service's seeded prices: `auto` reserves the dearer route (provider, 6 a segment); promotional providers 5. */
const TRANSACTIONAL_UNIT = 6;
const PROMOTIONAL_UNIT = 5;

const platform = new IngestionPlatform(
  ['auth', 'billing', 'ingestion', 'api-gateway'],
  {
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    WEBHOOKS_POLL_INTERVAL_MS: '100',
    WEBHOOKS_RETRY_BASE_DELAY_SECONDS: '1',
    WEBHOOKS_RETRY_MAX_DELAY_SECONDS: '1',
    WEBHOOKS_TIMEOUT_MS: '2000',
    WEBHOOKS_DISABLE_AFTER_FAILURES: '3',
    WEBHOOKS_DISABLE_AFTER_SECONDS: '1',
    SCHEDULER_POLL_INTERVAL_MS: '100',
  },
  [MessageRequested, MessageStatusChanged, WebhookEndpointDisabled],
);

let tenant: Tenant;

beforeAll(async () => {
  await platform.start();
  tenant = await platform.customer('sender');
}, 120_000);

afterAll(async () => {
  await platform.stop();
}, 60_000);

const send = (as: Tenant, body: Record<string, unknown>, headers?: Record<string, string>) =>
  platform.api.post('/v1/messages', body, { as: as.as, headers });
const put = (path: string, body: unknown, options: { as: Tenant['as'] }) => platform.api.request('PUT', path, { ...options, body });
const getMessage = (as: Tenant, id: string) => platform.api.get(`/v1/messages/${id}`, { as: as.as });
const statusOf = async (as: Tenant, id: string) => (await getMessage(as, id)).body.status as string;

async function routed(messageId: string): Promise<MessageRequestedPayload> {
  await eventually(() => expect(platform.requestsFor(messageId)).toHaveLength(1), { timeoutMs: 10_000 });
  return platform.requestsFor(messageId)[0];
}

describe('a single message', () => {
  it('is queued, requested, moved by status events to delivered with its full history, and each change is called back signed', async () => {
    const hooks = await new CallbackServer().start();
    try {
      const settings = await put('/v1/webhooks/settings', { url: hooks.url }, { as: tenant.as });
      expect(settings.status).toBe(200);
      expect(settings.body.secret).toMatch(/^whsec_/);
      const secret = settings.body.secret as string;
      expect((await platform.api.get('/v1/webhooks/settings', { as: tenant.as })).body).toEqual(
        expect.objectContaining({ url: hooks.url, status: 'active', hasSecret: true }),
      );
      expect((await platform.api.get('/v1/webhooks/settings', { as: tenant.as })).body.secret).toBeUndefined();

      const accepted = await send(tenant, { to: '(415) 555-0123', defaultCountry: 'US', body: 'Your order shipped', clientReference: 'order-77' });
      expect(accepted.status).toBe(202);
      expect(accepted.body).toEqual({
        id: expect.any(String),
        status: 'queued',
        to: US_MOBILE,
        encoding: 'GSM-7',
        segments: 1,
        price: TRANSACTIONAL_UNIT,
        currency: 'USD',
      });
      const id = accepted.body.id as string;
      const request = await routed(id);
      expect(request).toEqual(
        expect.objectContaining({ messageId: id, organizationId: tenant.organizationId, to: US_MOBILE, body: 'Your order shipped', messageType: 'transactional', route: 'auto' }),
      );

      const deviceId = randomUUID();
      await platform.report({ messageId: id, organizationId: tenant.organizationId, status: 'routing' });
      // Handled in order: a `routing` applied after `sent` is history only (no step back, so no callback).
      await eventually(async () => expect(await statusOf(tenant, id)).toBe('routing'));
      await platform.report({ messageId: id, organizationId: tenant.organizationId, status: 'sent', route: 'device', deviceId });
      await eventually(async () => expect(await statusOf(tenant, id)).toBe('sent'));
      await platform.report({ messageId: id, organizationId: tenant.organizationId, status: 'delivered', route: 'device', deviceId });
      await eventually(async () => expect(await statusOf(tenant, id)).toBe('delivered'));

      const message = (await getMessage(tenant, id)).body;
      expect(message).toEqual(expect.objectContaining({ route: 'device', deviceId, clientReference: 'order-77', sentAt: expect.any(String), deliveredAt: expect.any(String) }));
      expect(message.history.map((entry: { status: string }) => entry.status)).toEqual(['queued', 'routing', 'sent', 'delivered']);

      // Callbacks carry the time of the change; under retries they may arrive out of order.
      await eventually(() => expect(hooks.received.map((callback) => callback.json.status).sort()).toEqual(['delivered', 'routing', 'sent']), {
        timeoutMs: 10_000,
      });
      for (const callback of hooks.received) {
        expect(validSignature(callback, secret)).toBe(true);
        expect(validSignature(callback, 'whsec_wrong')).toBe(false);
        expect(callback.json).toEqual(
          expect.objectContaining({ messageId: id, timestamp: expect.any(String), clientReference: 'order-77', errorCode: null }),
        );
      }
      const deliveries = itemsOf((await platform.api.get(`/v1/webhooks/deliveries?messageId=${id}`, { as: tenant.as })).body);
      expect(deliveries.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
        ['delivered', 1],
      ]);
    } finally {
      await hooks.stop();
    }
  }, 60_000);

  it('ends delivered when delivered arrives before sent, and a terminal status is final', async () => {
    const id = (await send(tenant, { to: US_MOBILE, body: 'out of order' })).body.id as string;
    await routed(id);
    const base = { messageId: id, organizationId: tenant.organizationId };
    await platform.report({ ...base, status: 'delivered', at: new Date(Date.now() + 2).toISOString(), provider: 'twilio', providerMessageId: 'SM1' });
    await eventually(async () => expect(await statusOf(tenant, id)).toBe('delivered'));
    await platform.report({ ...base, status: 'sent', at: new Date(Date.now() - 1000).toISOString(), provider: 'twilio' });
    await platform.report({ ...base, status: 'failed', errorCode: 'late' });
    await eventually(async () => expect((await getMessage(tenant, id)).body.history).toHaveLength(4));
    const message = (await getMessage(tenant, id)).body;
    expect(message.status).toBe('delivered');
    expect(message.providerMessageId).toBe('SM1');
    expect(message.errorCode).toBeUndefined();
  }, 30_000);

  it('prices Unicode and long texts by segment', async () => {
    const arabic = await send(tenant, { to: EG_MOBILE, body: 'رمز التحقق الخاص بك هو ١٢٣٤٥٦. لا تشاركه مع أحد. صالح لمدة عشر دقائق فقط.' });
    expect(arabic.status).toBe(202);
    expect(arabic.body).toEqual(expect.objectContaining({ encoding: 'UCS-2', segments: 2, price: 2 * TRANSACTIONAL_UNIT }));
    const long = await send(tenant, { to: US_MOBILE, body: 'x'.repeat(161) });
    expect(long.body).toEqual(expect.objectContaining({ encoding: 'GSM-7', segments: 2, price: 2 * TRANSACTIONAL_UNIT }));
    const promotional = await send(tenant, { to: US_MOBILE, body: 'y'.repeat(307), type: 'promotional' });
    expect(promotional.body).toEqual(expect.objectContaining({ segments: 3, price: 3 * PROMOTIONAL_UNIT }));
    expect((await routed(promotional.body.id)).route).toBe('providers');
  }, 30_000);

  it('refuses invalid numbers and numbers that cannot receive SMS with stable codes', async () => {
    const invalid = await send(tenant, { to: '+1 555', body: 'hi' });
    expectProblem(invalid, 422, 'invalid_phone_number');
    expect(invalid.body.problem).toBe('too_short');
    expectProblem(await send(tenant, { to: '0100 123 4567', body: 'hi' }), 422, 'invalid_phone_number');
    expectProblem(await send(tenant, { to: UK_LANDLINE, body: 'hi' }), 422, 'cannot_receive_sms');
  });

  it('answers 402 with the shortfall and stores nothing when the balance does not cover it', async () => {
    const broke = await platform.customer('broke', 0);
    const refused = await send(broke, { to: US_MOBILE, body: 'no money' });
    expectProblem(refused, 402, 'insufficient_funds');
    expect(refused.body.shortfall).toBe(TRANSACTIONAL_UNIT);
    expect(itemsOf((await platform.api.get('/v1/messages', { as: broke.as })).body)).toEqual([]);
    expect(platform.heardOf<MessageRequestedPayload>(MessageRequested).filter((request) => request.organizationId === broke.organizationId)).toEqual([]);
    expect((await platform.balance(broke.organizationId)).reserved).toBe(0);
  });

  it('replays the first response for a repeated Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await send(tenant, { to: US_MOBILE, body: 'once' }, { 'idempotency-key': key });
    const again = await send(tenant, { to: US_MOBILE, body: 'once' }, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('batches', () => {
  it('accepts the valid items, rejects the others with index and reason, and reserves and queues what it accepted', async () => {
    const before = await platform.balance(tenant.organizationId);
    const template = (await platform.api.post('/v1/templates', { name: 'greeting', body: 'Hello {{name}}' }, { as: tenant.as })).body;
    const reply = await platform.api.post(
      '/v1/messages/batch',
      {
        defaults: { body: 'Sale today', type: 'transactional' },
        messages: [
          { to: US_MOBILE },
          { to: 'not a number' },
          { to: UK_LANDLINE },
          { to: EG_MOBILE, body: 'مرحبا' },
          { to: US_MOBILE, templateId: template.id, variables: {} },
          { to: US_MOBILE, templateId: template.id, variables: { name: 'Nour' } },
          {},
          { to: US_MOBILE, body: 42 },
        ],
      },
      { as: tenant.as },
    );
    expect(reply.status).toBe(202);
    expect(reply.body.rejected.map((item: { index: number; code: string }) => [item.index, item.code])).toEqual([
      [1, 'invalid_phone_number'],
      [2, 'cannot_receive_sms'],
      [4, 'missing_variables'],
      [6, 'invalid_phone_number'],
      [7, 'invalid_message'],
    ]);
    expect(reply.body.accepted).toHaveLength(3);
    expect(reply.body.totalPrice).toBe(3 * TRANSACTIONAL_UNIT);
    const after = await platform.balance(tenant.organizationId);
    expect(after.reserved - before.reserved).toBeGreaterThanOrEqual(3 * TRANSACTIONAL_UNIT);
    for (const accepted of reply.body.accepted) await routed(accepted.id);
    const templated = (await getMessage(tenant, reply.body.accepted[2].id)).body;
    expect(templated).toEqual(expect.objectContaining({ body: 'Hello Nour', templateId: template.id, templateVersion: 1, batchId: reply.body.batchId }));
  }, 30_000);

  it('rejects the items the balance does not cover', async () => {
    const small = await platform.customer('budget', 2 * TRANSACTIONAL_UNIT);
    const reply = await platform.api.post(
      '/v1/messages/batch',
      { messages: [{ to: US_MOBILE, body: 'a' }, { to: US_MOBILE, body: 'b' }, { to: US_MOBILE, body: 'c' }] },
      { as: small.as },
    );
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toHaveLength(2);
    expect(reply.body.rejected).toEqual([expect.objectContaining({ index: 2, code: 'insufficient_funds' })]);
    expect(itemsOf((await platform.api.get('/v1/messages', { as: small.as })).body)).toHaveLength(2);
    for (const accepted of reply.body.accepted) await routed(accepted.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.heardOf<MessageRequestedPayload>(MessageRequested).filter((request) => request.organizationId === small.organizationId)).toHaveLength(2);
  }, 30_000);
});

describe('scheduling', () => {
  it('sends due messages after ingestion restarts, and expires those past their expiry (releasing their reservation)', async () => {
    const reservedBefore = (await platform.balance(tenant.organizationId)).reserved;
    const now = Date.now();
    const due = await send(tenant, { to: US_MOBILE, body: 'later', scheduleAt: new Date(now + 3_000).toISOString() });
    const stale = await send(tenant, {
      to: US_MOBILE,
      body: 'too late',
      scheduleAt: new Date(now + 3_000).toISOString(),
      expiresAt: new Date(now + 4_000).toISOString(),
    });
    expect(due.body.status).toBe('scheduled');
    expect(stale.body.status).toBe('scheduled');

    const ingestion = await platform.pause('ingestion');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, now + 4_500 - Date.now())));
    expect(platform.requestsFor(due.body.id)).toEqual([]);
    await ingestion.resume();

    await routed(due.body.id);
    await eventually(async () => expect(await statusOf(tenant, stale.body.id)).toBe('expired'), { timeoutMs: 10_000 });
    expect(platform.requestsFor(stale.body.id)).toEqual([]);
    expect((await getMessage(tenant, due.body.id)).body.history.map((entry: { status: string }) => entry.status)).toEqual(['scheduled', 'queued']);
    await eventually(() =>
      expect(
        platform.heardOf<MessageStatusPayload>(MessageStatusChanged).filter((event) => event.messageId === stale.body.id).map((event) => event.status),
      ).toEqual(['expired']),
    );
    await eventually(async () => expect((await platform.balance(tenant.organizationId)).reserved).toBe(reservedBefore + TRANSACTIONAL_UNIT));
    // Still exactly one request after more polling rounds.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.requestsFor(due.body.id)).toHaveLength(1);
  }, 120_000);

  it('releases each due message exactly once when two instances poll', async () => {
    const second = await platform.startAnother('ingestion');
    try {
      const scheduleAt = new Date(Date.now() + 2_000).toISOString();
      const reply = await platform.api.post(
        '/v1/messages/batch',
        { defaults: { body: 'at once', scheduleAt }, messages: Array.from({ length: 300 }, () => ({ to: US_MOBILE })) },
        { as: tenant.as },
      );
      expect(reply.body.accepted).toHaveLength(300);
      const ids: string[] = reply.body.accepted.map((message: { id: string }) => message.id);
      await eventually(() => expect(ids.filter((id) => platform.requestsFor(id).length > 0)).toHaveLength(300), { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(ids.filter((id) => platform.requestsFor(id).length !== 1)).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('cancels a scheduled message: canceled, announced, reservation released; a routed one cannot be', async () => {
    const before = await platform.balance(tenant.organizationId);
    const scheduled = await send(tenant, { to: US_MOBILE, body: 'tomorrow', scheduleAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await platform.balance(tenant.organizationId)).reserved).toBe(before.reserved + TRANSACTIONAL_UNIT);
    const canceled = await platform.api.post(`/v1/messages/${scheduled.body.id}/cancel`, undefined, { as: tenant.as });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    await eventually(async () => expect((await platform.balance(tenant.organizationId)).reserved).toBe(before.reserved));
    await eventually(() =>
      expect(platform.heardOf<MessageStatusPayload>(MessageStatusChanged).filter((event) => event.messageId === scheduled.body.id)).toEqual([
        expect.objectContaining({ status: 'canceled', organizationId: tenant.organizationId }),
      ]),
    );
    expectProblem(await platform.api.post(`/v1/messages/${scheduled.body.id}/cancel`, undefined, { as: tenant.as }), 409, 'message_not_cancelable');

    const sent = (await send(tenant, { to: US_MOBILE, body: 'now' })).body.id as string;
    await routed(sent);
    await platform.report({ messageId: sent, organizationId: tenant.organizationId, status: 'sent' });
    await eventually(async () => expect(await statusOf(tenant, sent)).toBe('sent'));
    expectProblem(await platform.api.post(`/v1/messages/${sent}/cancel`, undefined, { as: tenant.as }), 409, 'message_not_cancelable');
  }, 30_000);
});

describe('opt-outs', () => {
  it('refuses promotional sends to opted-out numbers, not transactional ones, until the number is removed', async () => {
    const number = '+14155550199';
    expect((await platform.api.post('/v1/opt-outs', { phoneNumber: '415 555 0199', defaultCountry: 'US', reason: 'STOP' }, { as: tenant.as })).status).toBe(201);
    expect(itemsOf((await platform.api.get('/v1/opt-outs', { as: tenant.as })).body)).toEqual([
      expect.objectContaining({ phoneNumber: number, reason: 'STOP' }),
    ]);
    expectProblem(await send(tenant, { to: number, body: 'Sale!', type: 'promotional' }), 422, 'opted_out');
    expect((await send(tenant, { to: number, body: 'Your code', type: 'transactional' })).status).toBe(202);
    const batch = await platform.api.post('/v1/messages/batch', { defaults: { type: 'promotional', body: 'Sale' }, messages: [{ to: number }, { to: US_MOBILE }] }, { as: tenant.as });
    expect(batch.body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'opted_out' })]);
    expect((await platform.api.delete(`/v1/opt-outs/${encodeURIComponent(number)}`, { as: tenant.as })).status).toBe(204);
    expect((await send(tenant, { to: number, body: 'Sale!', type: 'promotional' })).status).toBe(202);
  });
});

describe('templates', () => {
  it('versions edits, checks declared variables at send time and records the version each message used', async () => {
    const created = await platform.api.post(
      '/v1/templates',
      { name: 'shipping', category: 'alerts', body: 'Hi {{name}}, order {{order}} shipped', providerCodes: { smsir: '12345', kavenegar: 'verify' } },
      { as: tenant.as },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ version: 1, variables: ['name', 'order'], category: 'alerts', providerCodes: { smsir: '12345', kavenegar: 'verify' }, usageCount: 0 }),
    );
    const id = created.body.id as string;
    const missing = await send(tenant, { to: US_MOBILE, templateId: id, variables: { name: 'Sara' } });
    expectProblem(missing, 422, 'missing_variables');
    expect(missing.body.missing).toEqual(['order']);

    const first = await send(tenant, { to: US_MOBILE, templateId: id, variables: { name: 'Sara', order: 42 } });
    expect(first.status).toBe(202);
    const edited = await platform.api.patch(`/v1/templates/${id}`, { body: 'Hello {{name}}: {{order}} left the warehouse' }, { as: tenant.as });
    expect(edited.body).toEqual(expect.objectContaining({ version: 2, latestVersion: 2 }));
    const second = await send(tenant, { to: US_MOBILE, templateId: id, variables: { name: 'Sara', order: 43 } });

    expect((await getMessage(tenant, first.body.id)).body).toEqual(expect.objectContaining({ templateVersion: 1, body: 'Hi Sara, order 42 shipped' }));
    expect((await getMessage(tenant, second.body.id)).body).toEqual(expect.objectContaining({ templateVersion: 2, body: 'Hello Sara: 43 left the warehouse' }));
    expect((await platform.api.get(`/v1/templates/${id}?version=1`, { as: tenant.as })).body).toEqual(
      expect.objectContaining({ version: 1, latestVersion: 2, body: 'Hi {{name}}, order {{order}} shipped' }),
    );
    expect((await platform.api.get(`/v1/templates/${id}`, { as: tenant.as })).body.usageCount).toBe(2);
    expect(itemsOf((await platform.api.get('/v1/templates?category=alerts', { as: tenant.as })).body).map((t) => t.id)).toContain(id);
    expect((await platform.api.delete(`/v1/templates/${id}`, { as: tenant.as })).status).toBe(204);
    expectProblem(await platform.api.get(`/v1/templates/${id}`, { as: tenant.as }), 404, 'template_not_found');
  });
});

describe('callback retries', () => {
  it('retries a failing endpoint with backoff until it answers', async () => {
    const flaky = await new CallbackServer((attempt) => (attempt <= 2 ? 500 : 204)).start();
    const customer = await platform.customer('flaky');
    try {
      await put('/v1/webhooks/settings', { url: flaky.url }, { as: customer.as });
      const id = (await send(customer, { to: US_MOBILE, body: 'retry me' })).body.id as string;
      await routed(id);
      await platform.report({ messageId: id, organizationId: customer.organizationId, status: 'delivered' });
      await eventually(
        async () => {
          const [delivery] = itemsOf((await platform.api.get(`/v1/webhooks/deliveries?messageId=${id}`, { as: customer.as })).body);
          expect(delivery).toEqual(expect.objectContaining({ status: 'delivered', attempts: 3, lastStatusCode: 204 }));
        },
        { timeoutMs: 15_000 },
      );
      expect(flaky.received).toHaveLength(3);
      expect(new Set(flaky.received.map((callback) => callback.headers['zagel-delivery-id'])).size).toBe(1);
    } finally {
      await flaky.stop();
    }
  }, 30_000);

  it('disables an endpoint that keeps failing, tells its owner, and shows it in the settings', async () => {
    const broken = await new CallbackServer(() => 503).start();
    const customer = await platform.customer('broken-hook');
    try {
      await put('/v1/webhooks/settings', { url: broken.url }, { as: customer.as });
      for (let index = 0; index < 3; index += 1) {
        const id = (await send(customer, { to: US_MOBILE, body: `m${index}` })).body.id as string;
        await routed(id);
        await platform.report({ messageId: id, organizationId: customer.organizationId, status: 'failed', errorCode: 'x' });
      }
      await eventually(
        () => expect(platform.heardOf<{ organizationId: string; url: string }>(WebhookEndpointDisabled)).toContainEqual(
          expect.objectContaining({ organizationId: customer.organizationId, url: broken.url }),
        ),
        { timeoutMs: 20_000 },
      );
      const settings = (await platform.api.get('/v1/webhooks/settings', { as: customer.as })).body;
      expect(settings.status).toBe('disabled');
      expect(settings.disabledEndpoints).toEqual([expect.objectContaining({ url: broken.url })]);
      const calls = broken.received.length;
      const id = (await send(customer, { to: US_MOBILE, body: 'after' })).body.id as string;
      await routed(id);
      await platform.report({ messageId: id, organizationId: customer.organizationId, status: 'delivered' });
      await eventually(async () => expect(await statusOf(customer, id)).toBe('delivered'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(broken.received.length).toBe(calls);

      // Saving the URL again re-enables it.
      await put('/v1/webhooks/settings', { url: broken.url }, { as: customer.as });
      expect((await platform.api.get('/v1/webhooks/settings', { as: customer.as })).body.status).toBe('active');
      const rotated = await platform.api.post('/v1/webhooks/settings/rotate-secret', undefined, { as: customer.as });
      expect(rotated.body.secret).toMatch(/^whsec_/);
    } finally {
      await broken.stop();
    }
  }, 45_000);
});

describe('analytics', () => {
  it('counts what was sent, delivered and failed, the segments, the cost and the OTP conversion', async () => {
    const customer = await platform.customer('analytics');
    const from = new Date(Date.now() - 60_000).toISOString();
    const ids: string[] = [];
    for (const body of ['one', 'x'.repeat(200), 'three']) ids.push((await send(customer, { to: US_MOBILE, body })).body.id);
    const otp = (await send(customer, { to: EG_MOBILE, body: 'Your code is 123456', type: 'otp' })).body;
    for (const id of [...ids, otp.id]) await routed(id);
    const base = { organizationId: customer.organizationId };
    await platform.report({ ...base, messageId: ids[0], status: 'delivered', route: 'device' });
    await platform.report({ ...base, messageId: ids[1], status: 'sent', route: 'provider' });
    await platform.report({ ...base, messageId: ids[1], status: 'delivered', route: 'provider', at: new Date(Date.now() + 5).toISOString() });
    await platform.report({ ...base, messageId: ids[2], status: 'failed', errorCode: 'no_route' });
    await platform.report({ ...base, messageId: otp.id, status: 'sent', route: 'device' });
    await platform.router.publish(OtpVerified, {
      verificationId: randomUUID(),
      organizationId: customer.organizationId,
      messageId: otp.id,
      to: EG_MOBILE,
      verifiedAt: new Date().toISOString(),
    });
    const to = new Date(Date.now() + 60_000).toISOString();
    await eventually(
      async () => {
        const summary = (await platform.api.get(`/v1/analytics/summary?from=${from}&to=${to}&groupBy=type`, { as: customer.as })).body;
        expect(summary.totals).toEqual({
          messages: 4,
          sent: 3,
          delivered: 2,
          failed: 1,
          deliveryRate: 2 / 3,
          segments: 1 + 2 + 1,
          cost: (1 + 2) * TRANSACTIONAL_UNIT + otp.price,
          otpSent: 1,
          otpVerified: 1,
          otpConversionRate: 1,
        });
        expect(summary.groups.map((group: { key: string; messages: number }) => [group.key, group.messages])).toEqual([
          ['otp', 1],
          ['transactional', 3],
        ]);
      },
      { timeoutMs: 10_000 },
    );
    const byRoute = (await platform.api.get(`/v1/analytics/summary?from=${from}&to=${to}&groupBy=route`, { as: customer.as })).body;
    expect(Object.fromEntries(byRoute.groups.map((group: { key: string; sent: number }) => [group.key, group.sent]))).toEqual({ device: 2, provider: 1, none: 0 });
  }, 30_000);
});

describe('tenant isolation', () => {
  it("keeps every endpoint to the caller's organization", async () => {
    const other = await platform.customer('other');
    const mine = (await send(tenant, { to: US_MOBILE, body: 'private', scheduleAt: new Date(Date.now() + 3_600_000).toISOString() })).body.id as string;
    const template = (await platform.api.post('/v1/templates', { name: 'mine', body: 'secret {{x}}' }, { as: tenant.as })).body.id as string;

    expectProblem(await getMessage(other, mine), 404, 'message_not_found');
    expectProblem(await platform.api.post(`/v1/messages/${mine}/cancel`, undefined, { as: other.as }), 404, 'message_not_found');
    expect(itemsOf((await platform.api.get('/v1/messages', { as: other.as })).body)).toEqual([]);
    expectProblem(await platform.api.get(`/v1/templates/${template}`, { as: other.as }), 404, 'template_not_found');
    expectProblem(await platform.api.patch(`/v1/templates/${template}`, { body: 'stolen' }, { as: other.as }), 404, 'template_not_found');
    expectProblem(await platform.api.delete(`/v1/templates/${template}`, { as: other.as }), 404, 'template_not_found');
    expectProblem(await send(other, { to: US_MOBILE, templateId: template, variables: { x: '1' } }), 404, 'template_not_found');
    expect(itemsOf((await platform.api.get('/v1/templates', { as: other.as })).body)).toEqual([]);
    expect(itemsOf((await platform.api.get('/v1/webhooks/deliveries', { as: other.as })).body)).toEqual([]);
    expect((await platform.api.get('/v1/webhooks/settings', { as: other.as })).body).toEqual(expect.objectContaining({ status: 'none', hasSecret: false }));
    expect(itemsOf((await platform.api.get('/v1/opt-outs', { as: other.as })).body)).toEqual([]);
    const summary = (await platform.api.get(`/v1/analytics/summary?from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`, { as: other.as })).body;
    expect(summary.totals.messages).toBe(0);
    // A status event naming the wrong organization changes nothing.
    await platform.report({ messageId: mine, organizationId: other.organizationId, status: 'delivered' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const untouched = (await getMessage(tenant, mine)).body;
    expect(untouched.status).toBe('scheduled');
    expect(untouched.history.map((entry: { status: string }) => entry.status)).toEqual(['scheduled']);
  });

  it('lists with filters and cursor pagination', async () => {
    const customer = await platform.customer('lister');
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await send(customer, { to: index % 2 ? EG_MOBILE : US_MOBILE, body: `m${index}`, clientReference: `ref-${index}` })).body.id);
    }
    const first = await platform.api.get('/v1/messages?limit=2', { as: customer.as });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[4], ids[3]]);
    const second = await platform.api.get(`/v1/messages?limit=2&cursor=${first.body.nextCursor}`, { as: customer.as });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    expect(itemsOf((await platform.api.get(`/v1/messages?to=${encodeURIComponent(EG_MOBILE)}`, { as: customer.as })).body)).toHaveLength(2);
    expect(itemsOf((await platform.api.get('/v1/messages?clientReference=ref-3', { as: customer.as })).body).map((m) => m.id)).toEqual([ids[3]]);
    expect(itemsOf((await platform.api.get('/v1/messages?status=delivered', { as: customer.as })).body)).toEqual([]);
    expect(itemsOf((await platform.api.get(`/v1/messages?from=${new Date(Date.now() + 60_000).toISOString()}`, { as: customer.as })).body)).toEqual([]);
    const noScope = await platform.api.post('/v1/api-keys', { name: 'verify only', scopes: ['verify'] }, { as: customer.owner });
    expectProblem(await platform.api.get('/v1/messages', { as: { apiKey: noScope.body.key } }), 403, 'insufficient_scope');
  });
});

describe('phone numbers', () => {
  it('describes a number', async () => {
    const described = await platform.api.get(`/v1/phone-numbers/${encodeURIComponent(EG_MOBILE)}`, { as: tenant.as });
    expect(described.body).toEqual(expect.objectContaining({ valid: true, e164: EG_MOBILE, country: 'EG', type: 'mobile' }));
    expect((await platform.api.get('/v1/phone-numbers/12', { as: tenant.as })).body.valid).toBe(false);
  });
});
