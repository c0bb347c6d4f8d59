import { randomUUID } from 'node:crypto';
import {
  MessageBatchRequested,
  MessageRequested,
  MessageReportsAnnounced,
  MessageStatusBatch,
  MessageStatusChanged,
  MessageStatusesChanged,
  MessageRequestedPayload,
  MessageStatusPayload,
  OtpVerified,
  WebhookEndpointDisabled,
} from '@zagel/contracts';
import { ApiReply, Schema } from '@zagel/sdk';
import { busCounter } from '../../../test/e2e/support/bus-counters';
import { BusProbe, CallbackServer, eventually, expectProblem, TestCustomer, TestPlatform, until, validSignature } from '@zagel/testing';

const US_MOBILE = '+14155550123';
const EG_MOBILE = '+201001234567';
const UK_LANDLINE = '+442079460000';
/** The billing service's seeded prices: `auto` reserves the dearer route (provider, 6 a segment); promotional providers 5. */
const TRANSACTIONAL_UNIT = 6;
const PROMOTIONAL_UNIT = 5;

const platform = new TestPlatform({
  services: ['auth', 'billing', 'ingestion', 'api-gateway'],
  settings: {
    WEBHOOKS_POLL_INTERVAL_MS: '100',
    WEBHOOKS_RETRY_BASE_DELAY_SECONDS: '1',
    WEBHOOKS_RETRY_MAX_DELAY_SECONDS: '1',
    WEBHOOKS_TIMEOUT_MS: '2000',
    WEBHOOKS_DISABLE_AFTER_FAILURES: '3',
    WEBHOOKS_DISABLE_AFTER_SECONDS: '1',
    SCHEDULER_POLL_INTERVAL_MS: '100',
  },
});
/** Plays the router: hears what ingestion asks to send, and reports statuses as phones and providers would. */
let router: BusProbe;
let tenant: TestCustomer;

beforeAll(async () => {
  await platform.start();
  router = await platform.probe({ service: 'router-stub', hears: [MessageRequested, MessageBatchRequested, MessageStatusChanged, WebhookEndpointDisabled] });
  tenant = await newCustomer('sender');
}, 120_000);

afterAll(() => platform.stop(), 60_000);

const newCustomer = (label: string, credit = 100_000) => platform.customer({ label, credit });
const send = (as: TestCustomer, body: Schema<'MessageContent'>, idempotencyKey?: string) => as.app.post('/v1/messages', body, { idempotencyKey });
/** A body the document refuses (or types differently): sent untyped. */
const sendRaw = (as: TestCustomer, path: '/v1/messages' | '/v1/messages/batch', body: unknown) => as.app.request('POST', path, { body });
/** A message from a template (the document types `variables` as an empty object: sent untyped). */
const sendTemplated = async (as: TestCustomer, templateId: string, variables: Record<string, unknown>) =>
  (await sendRaw(as, '/v1/messages', { to: US_MOBILE, templateId, variables })) as ApiReply<Schema<'AcceptedMessage'>>;
const putWebhookUrl = (as: TestCustomer, url: string) => as.app.request('PUT', '/v1/webhooks/settings', { body: { url } });
const getMessage = (as: TestCustomer, id: string) => as.app.get(`/v1/messages/${id}`);
const statusOf = async (as: TestCustomer, id: string) => (await getMessage(as, id)).body.status;
const balance = async (as: TestCustomer) => (await as.app.get('/v1/billing/balance')).body;
const requestsFor = (messageId: string) => router.heard(MessageRequested).filter((request) => request.messageId === messageId);
const statusEventsOf = (messageId: string) => router.heard(MessageStatusChanged).filter((event) => event.messageId === messageId);

/** The analytics summary (the document does not describe its body). */
interface AnalyticsSummary {
  totals: Record<string, number>;
  groups: { key: string; messages: number; sent: number }[];
}

/** A status step as the router reports it; these tests' messages all came through the API. */
function report(payload: Omit<MessageStatusPayload, 'at' | 'origin'> & { at?: string }): Promise<unknown> {
  return router.publish(MessageStatusChanged, { ...payload, origin: 'api', at: payload.at ?? new Date().toISOString() } as MessageStatusPayload);
}

/** The bulk lane's requests naming this message, each with the batch's common fields. */
const batchRequestsFor = (messageId: string) =>
  router.heard(MessageBatchRequested).flatMap((batch) =>
    batch.recipients.filter((recipient) => recipient.messageId === messageId).map((recipient) => ({ ...batch, recipient })),
  );

function batchRouted(messageId: string) {
  return until(() => batchRequestsFor(messageId)[0], { what: `message ${messageId} to be requested in a batch`, deadline: 10_000 });
}

function routed(messageId: string) {
  return until(() => requestsFor(messageId)[0], { what: `message ${messageId} to be requested`, deadline: 10_000 });
}

function reaches(as: TestCustomer, id: string, status: string) {
  return until(async () => (await statusOf(as, id)) === status, { what: `message ${id} to be ${status}` });
}

/** Sends a message due in a moment and waits until the scheduler released it: a round of every poller that ran meanwhile. */
async function schedulerRound(): Promise<void> {
  const marker = (await send(tenant, { to: US_MOBILE, body: 'marker', scheduleAt: new Date(Date.now() + 300).toISOString() })).body.id;
  await routed(marker);
}

describe('a single message', () => {
  it('is queued, requested, moved by status events to delivered with its full history, and each change is called back signed', async () => {
    const hooks = await new CallbackServer().start();
    try {
      const settings = (await putWebhookUrl(tenant, hooks.url)).expectStatus(200) as Schema<'WebhookSettingsView'>;
      expect(settings.secret).toMatch(/^whsec_/);
      const secret = settings.secret as string;
      expect((await tenant.app.get('/v1/webhooks/settings')).body).toEqual(
        expect.objectContaining({ url: hooks.url, status: 'active', hasSecret: true }),
      );
      expect((await tenant.app.get('/v1/webhooks/settings')).body.secret).toBeUndefined();

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
      await report({ messageId: id, organizationId: tenant.organizationId, status: 'routing' });
      // Handled in order: a `routing` applied after `sent` is history only (no step back, so no callback).
      await reaches(tenant, id, 'routing');
      await report({ messageId: id, organizationId: tenant.organizationId, status: 'sent', route: 'device', deviceId });
      await reaches(tenant, id, 'sent');
      await report({ messageId: id, organizationId: tenant.organizationId, status: 'delivered', route: 'device', deviceId });
      await reaches(tenant, id, 'delivered');

      const message = (await getMessage(tenant, id)).body;
      expect(message).toEqual(expect.objectContaining({ route: 'device', deviceId, clientReference: 'order-77', sentAt: expect.any(String), deliveredAt: expect.any(String) }));
      expect(message.history?.map((entry) => entry.status)).toEqual(['queued', 'routing', 'sent', 'delivered']);

      // Callbacks carry the time of the change; under retries they may arrive out of order.
      await eventually(() => expect(hooks.received.map((callback) => callback.json.status).sort()).toEqual(['delivered', 'routing', 'sent']), {
        timeoutMs: 10_000,
      });
      for (const callback of hooks.received) {
        expect(await validSignature(callback, secret)).toBe(true);
        expect(await validSignature(callback, 'whsec_wrong')).toBe(false);
        expect(callback.json).toEqual(
          expect.objectContaining({ messageId: id, timestamp: expect.any(String), clientReference: 'order-77', errorCode: null }),
        );
      }
      const deliveries = (await tenant.app.get(`/v1/webhooks/deliveries?messageId=${id}`)).body.items;
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
    await report({ ...base, status: 'delivered', at: new Date(Date.now() + 2).toISOString(), provider: 'twilio', providerMessageId: 'SM1' });
    await reaches(tenant, id, 'delivered');
    await report({ ...base, status: 'sent', at: new Date(Date.now() - 1000).toISOString(), provider: 'twilio' });
    await report({ ...base, status: 'failed', errorCode: 'late' });
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
    expect(invalid.problem?.problem).toBe('too_short');
    expectProblem(await send(tenant, { to: '0100 123 4567', body: 'hi' }), 422, 'invalid_phone_number');
    expectProblem(await send(tenant, { to: UK_LANDLINE, body: 'hi' }), 422, 'cannot_receive_sms');
  });

  it('answers 402 with the shortfall and stores nothing when the balance does not cover it', async () => {
    const broke = await newCustomer('broke', 0);
    const refused = await send(broke, { to: US_MOBILE, body: 'no money' });
    expectProblem(refused, 402, 'insufficient_funds');
    expect(refused.problem?.shortfall).toBe(TRANSACTIONAL_UNIT);
    expect((await broke.app.get('/v1/messages')).body.items).toEqual([]);
    expect(router.heard(MessageRequested).filter((request) => request.organizationId === broke.organizationId)).toEqual([]);
    expect((await balance(broke)).reserved).toBe(0);
  });

  it('replays the first response for a repeated Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await send(tenant, { to: US_MOBILE, body: 'once' }, key);
    const again = await send(tenant, { to: US_MOBILE, body: 'once' }, key);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('batches', () => {
  it('accepts the valid items, rejects the others with index and reason, and reserves and queues what it accepted', async () => {
    const before = await balance(tenant);
    const template = (await tenant.app.post('/v1/templates', { name: 'greeting', body: 'Hello {{name}}' })).body;
    // Some items are wrong on purpose (and the document types `variables` as an empty object): untyped.
    const response = await sendRaw(tenant, '/v1/messages/batch', {
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
    });
    const reply = { body: response.expectStatus(202) as Schema<'BatchAccepted'> };
    expect(reply.body.rejected.map((item) => [item.index, item.code])).toEqual([
      [1, 'invalid_phone_number'],
      [2, 'cannot_receive_sms'],
      [4, 'missing_variables'],
      [6, 'invalid_phone_number'],
      [7, 'invalid_message'],
    ]);
    expect(reply.body.accepted).toHaveLength(3);
    expect(reply.body.totalPrice).toBe(3 * TRANSACTIONAL_UNIT);
    const after = await balance(tenant);
    expect(after.reserved - before.reserved).toBeGreaterThanOrEqual(3 * TRANSACTIONAL_UNIT);
    for (const accepted of reply.body.accepted) {
      const request = await batchRouted(accepted.id);
      expect(request).toEqual(expect.objectContaining({ organizationId: tenant.organizationId, messageType: 'transactional', route: 'auto' }));
      expect(requestsFor(accepted.id)).toEqual([]);
    }
    // One bulk request for the whole batch (one type, route and expiry), carrying each recipient's own text and country.
    expect(new Set(reply.body.accepted.map((accepted) => batchRequestsFor(accepted.id)[0].batchId)).size).toBe(1);
    expect({ ...batchRequestsFor(reply.body.accepted[2].id)[0].recipient }).toEqual({
      messageId: reply.body.accepted[2].id,
      to: US_MOBILE,
      body: 'Hello Nour',
      country: 'US',
    });
    const templated = (await getMessage(tenant, reply.body.accepted[2].id)).body;
    expect(templated).toEqual(expect.objectContaining({ body: 'Hello Nour', templateId: template.id, templateVersion: 1, batchId: reply.body.batchId }));
  }, 30_000);

  it('rejects the items the balance does not cover', async () => {
    const small = await newCustomer('budget', 2 * TRANSACTIONAL_UNIT);
    const reply = await small.app.post('/v1/messages/batch', { messages: [{ to: US_MOBILE, body: 'a' }, { to: US_MOBILE, body: 'b' }, { to: US_MOBILE, body: 'c' }] });
    expect(reply.status).toBe(202);
    expect(reply.body.accepted).toHaveLength(2);
    expect(reply.body.rejected).toEqual([expect.objectContaining({ index: 2, code: 'insufficient_funds' })]);
    expect((await small.app.get('/v1/messages')).body.items).toHaveLength(2);
    for (const accepted of reply.body.accepted) await batchRouted(accepted.id);
    await platform.drained();
    const requested = router.heard(MessageBatchRequested).filter((batch) => batch.organizationId === small.organizationId);
    expect(requested.flatMap((batch) => batch.recipients.map((recipient) => recipient.messageId)).sort()).toEqual(
      reply.body.accepted.map((accepted) => accepted.id).sort(),
    );
  }, 30_000);
});

describe('batched status events', () => {
  it('applies each step once, in any order and across redeliveries, with one callback per move', async () => {
    const hooks = await new CallbackServer().start();
    const customer = await newCustomer('status-batches');
    try {
      await putWebhookUrl(customer, hooks.url);
      const reply = await customer.app.post('/v1/messages/batch', { messages: ['a', 'b', 'c'].map((body) => ({ to: US_MOBILE, body })) });
      const [a, b, c] = reply.body.accepted.map((accepted) => accepted.id);
      for (const id of [a, b, c]) await batchRouted(id);
      const at = (ms: number) => new Date(Date.now() + ms).toISOString();
      const step = (messageId: string, status: MessageStatusPayload['status'], when: string, extra: Partial<MessageStatusPayload> = {}) => ({
        messageId,
        organizationId: customer.organizationId,
        status,
        origin: 'api' as const,
        at: when,
        route: 'provider' as const,
        provider: 'sim',
        ...extra,
      });
      // `delivered` before `sent` in one batch; the same batch delivered twice; then a late `sent` and the rest.
      const first = { items: [step(a, 'delivered', at(20)), step(a, 'sent', at(10), { providerMessageId: 'pa' }), step(b, 'sent', at(10)), step(c, 'failed', at(10), { errorCode: 'rejected' })] };
      await router.publish(MessageStatusBatch, first);
      await router.publish(MessageStatusBatch, first);
      // The bulk lane handles several batches at once; the late steps are late only once the first batch is in.
      for (const [id, status] of [[a, 'delivered'], [b, 'sent'], [c, 'failed']] as const) await reaches(customer, id, status);
      await router.publish(MessageStatusBatch, { items: [step(a, 'sent', at(30)), step(c, 'sent', at(5))] });
      // b's report after its announced `sent` comes as provider-sender sends it, apart from the outcomes.
      await router.publish(MessageReportsAnnounced, { items: [step(b, 'delivered', at(20))] });
      for (const [id, status] of [[a, 'delivered'], [b, 'delivered'], [c, 'failed']] as const) await reaches(customer, id, status);
      await platform.drained();

      const messageA = (await getMessage(customer, a)).body;
      expect(messageA).toEqual(expect.objectContaining({ status: 'delivered', providerMessageId: 'pa', route: 'provider', sentAt: expect.any(String), deliveredAt: expect.any(String) }));
      expect(messageA.history?.map((entry) => entry.status)).toEqual(['queued', 'sent', 'delivered', 'sent']);
      expect((await getMessage(customer, c)).body).toEqual(expect.objectContaining({ status: 'failed', errorCode: 'rejected' }));
      await eventually(() => expect(hooks.received).toHaveLength(5), { timeoutMs: 10_000 });
      const calls = hooks.received.map((callback) => `${String(callback.json.messageId)}:${String(callback.json.status)}`).sort();
      expect(calls).toEqual([`${a}:delivered`, `${a}:sent`, `${b}:delivered`, `${b}:sent`, `${c}:failed`].sort());
    } finally {
      await hooks.stop();
    }
  }, 60_000);
});

describe("verification codes' messages (live lane)", () => {
  type Step = Pick<MessageStatusPayload, 'status' | 'at' | 'route' | 'deviceId' | 'errorCode'>;
  /** A code as otp requests it, and the steps the router reports for it. */
  interface Code {
    id: string;
    requested: MessageRequestedPayload;
    /** The request's envelope: published again with the same one, it is a redelivery. */
    envelope: { messageId: string; occurredAt: string };
    steps: Step[];
    verified: boolean;
  }

  const HANDLED_TYPES = ['message.requested', 'message.status', 'message.statuses', 'otp.verified'];
  const acked = async () => {
    const counts = await Promise.all(HANDLED_TYPES.map((type) => busCounter(platform, 'ingestion', 'zagel_bus_consumed_total', { type, outcome: 'ack' })));
    return counts.reduce((total, count) => total + count, 0);
  };

  function code(customer: TestCustomer, fate: 'delivered' | 'failed' | 'routing', verified: boolean, start: number): Code {
    const id = randomUUID();
    const at = (ms: number) => new Date(start + ms).toISOString();
    const deviceId = randomUUID();
    const steps: Step[] = [{ status: 'routing', at: at(1), route: 'device', deviceId }];
    if (fate === 'delivered') steps.push({ status: 'sent', at: at(2), route: 'device', deviceId }, { status: 'delivered', at: at(3), route: 'device', deviceId });
    if (fate === 'failed') steps.push({ status: 'failed', at: at(2), errorCode: 'no_route' });
    return {
      id,
      requested: { messageId: id, organizationId: customer.organizationId, to: EG_MOBILE, body: 'Your code is 123456', messageType: 'otp', route: 'devices', lane: 'live', origin: 'otp' },
      envelope: { messageId: randomUUID(), occurredAt: at(0) },
      steps,
      verified,
    };
  }

  /**
   * Every event of a code, each as its own publish with a fixed envelope (so publishing one twice is a
   * redelivery). Its steps come one per `message.status`, or as the dispatcher announces what a
   * lease-log commit records: the routing step in one `message.statuses`, the outcomes in another.
   */
  function eventsOf(customer: TestCustomer, item: Code, stepsTogether = false): (() => Promise<unknown>)[] {
    const events: (() => Promise<unknown>)[] = [() => router.publish(MessageRequested, item.requested, item.envelope)];
    const payloads = item.steps.map((step) => ({ messageId: item.id, organizationId: customer.organizationId, origin: 'otp', ...step }) as MessageStatusPayload);
    if (stepsTogether) {
      for (const kind of ['routing', 'outcome'] as const) {
        const items = payloads.filter((payload) => (payload.status === 'routing') === (kind === 'routing'));
        const envelope = { messageId: randomUUID() };
        if (items.length > 0) events.push(() => router.publish(MessageStatusesChanged, { kind, origin: 'otp', items }, envelope));
      }
    }
    for (const payload of stepsTogether ? [] : payloads) {
      const envelope = { messageId: randomUUID() };
      events.push(() => router.publish(MessageStatusChanged, payload, envelope));
    }
    if (item.verified) {
      const payload = { verificationId: randomUUID(), organizationId: customer.organizationId, messageId: item.id, to: EG_MOBILE, verifiedAt: item.steps[0].at };
      const envelope = { messageId: randomUUID() };
      events.push(() => router.publish(OtpVerified, payload, envelope));
    }
    return events;
  }

  /** A fixed shuffle (any order must do; a fixed one keeps a failure reproducible). */
  function shuffled<T>(items: T[]): T[] {
    const result = [...items];
    let seed = 20_260_101;
    for (let index = result.length - 1; index > 0; index--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const other = seed % (index + 1);
      [result[index], result[other]] = [result[other], result[index]];
    }
    return result;
  }

  /** Publishes the events all at once and waits until ingestion has handled (acked) every one. */
  async function burst(events: (() => Promise<unknown>)[]): Promise<void> {
    const before = await acked();
    await Promise.all(events.map((publish) => publish()));
    await until(async () => (await acked()) - before >= events.length, { what: `ingestion to handle ${events.length} events`, deadline: 30_000 });
  }

  /** The callbacks a message got, once every one queued has reached the endpoint. */
  async function callbacksOf(customer: TestCustomer, hooks: CallbackServer, id: string): Promise<string[]> {
    const queued = (await customer.app.get(`/v1/webhooks/deliveries?messageId=${id}`)).body.items.length;
    const received = () => hooks.received.filter((callback) => callback.json.messageId === id);
    await until(() => received().length >= queued, { what: `the ${queued} callbacks of ${id}`, deadline: 10_000 });
    return received().map((callback) => String(callback.json.status));
  }

  it('records a concurrent burst of requests, steps and verifications, redelivered and out of order, each exactly once', async () => {
    const hooks = await new CallbackServer().start();
    const customer = await newCustomer('otp-burst');
    try {
      await putWebhookUrl(customer, hooks.url);
      const from = new Date(Date.now() - 60_000).toISOString();
      const start = Date.now();
      const codes = Array.from({ length: 30 }, (_, index) => code(customer, (['delivered', 'failed', 'routing'] as const)[index % 3], index % 2 === 0, start));
      // Every event twice (a redelivery), all interleaved: steps before requests, copies in the same batch or later;
      // half the codes' steps announced together, as the dispatcher does.
      const events = codes.flatMap((item, index) => eventsOf(customer, item, index % 4 < 2));
      await burst(shuffled([...events, ...events]));

      for (const item of codes) {
        const message = (await getMessage(customer, item.id)).body;
        const final = item.steps[item.steps.length - 1];
        expect(message).toEqual(expect.objectContaining({ id: item.id, type: 'otp', status: final.status }));
        expect(message.body).not.toContain('123456');
        expect(message.history?.map((entry) => [entry.status, entry.at])).toEqual([
          ['queued', item.envelope.occurredAt],
          ...item.steps.map((step) => [step.status, step.at]),
        ]);
        if (final.status === 'delivered') {
          expect(message).toEqual(expect.objectContaining({ route: 'device', deviceId: final.deviceId, sentAt: item.steps[1].at, deliveredAt: final.at }));
        }
        if (final.status === 'failed') expect(message.errorCode).toBe('no_route');
        // The steps came in any order: each move is called back once, the last one always, and nothing else.
        const callbacks = await callbacksOf(customer, hooks, item.id);
        expect(new Set(callbacks).size).toBe(callbacks.length);
        expect(callbacks).toContain(final.status);
        expect(item.steps.map((step) => step.status)).toEqual(expect.arrayContaining(callbacks));
      }
      const to = new Date(Date.now() + 60_000).toISOString();
      const summary = (await customer.app.get(`/v1/analytics/summary?from=${from}&to=${to}&groupBy=type`)).body as AnalyticsSummary;
      expect(summary.totals).toEqual(expect.objectContaining({ messages: codes.length, otpSent: 10, otpVerified: codes.filter((item) => item.verified).length }));
    } finally {
      await hooks.stop();
    }
  }, 120_000);

  it('replays at adoption the steps that came before the request, each move called back once, and a late copy changes nothing', async () => {
    const hooks = await new CallbackServer().start();
    const customer = await newCustomer('otp-replay');
    try {
      await putWebhookUrl(customer, hooks.url);
      const item = code(customer, 'delivered', false, Date.now());
      const [request, ...steps] = eventsOf(customer, item);
      await burst(steps.reverse());
      expect((await getMessage(customer, item.id)).status).toBe(404);
      await burst([request]);
      await burst([request, ...steps]);

      const message = (await getMessage(customer, item.id)).body;
      expect(message).toEqual(expect.objectContaining({ status: 'delivered', route: 'device', deviceId: item.steps[0].deviceId, sentAt: item.steps[1].at }));
      expect(message.history?.map((entry) => entry.status)).toEqual(['queued', 'routing', 'sent', 'delivered']);
      expect((await callbacksOf(customer, hooks, item.id)).sort()).toEqual(['delivered', 'routing', 'sent']);
    } finally {
      await hooks.stop();
    }
  }, 60_000);
});

describe('scheduling', () => {
  it('sends due messages after ingestion restarts, and expires those past their expiry (releasing their reservation)', async () => {
    const reservedBefore = (await balance(tenant)).reserved;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const due = await send(tenant, { to: US_MOBILE, body: 'later', scheduleAt: later });
    const stale = await send(tenant, { to: US_MOBILE, body: 'too late', scheduleAt: later, expiresAt: new Date(Date.now() + 7_200_000).toISOString() });
    expect(due.body.status).toBe('scheduled');
    expect(stale.body.status).toBe('scheduled');

    const ingestion = platform.instance('ingestion');
    await ingestion.stop();
    // While ingestion is down its clock moves on: one message falls due, the other also past its expiry.
    const messages = platform.db('ingestion');
    // `due_at` is what the scheduler polls (a copy of schedule_at while the message is scheduled).
    await messages.query(`UPDATE messages SET schedule_at = now() - interval '2 seconds', due_at = now() - interval '2 seconds' WHERE id = $1`, [due.body.id]);
    await messages.query(
      `UPDATE messages SET schedule_at = now() - interval '2 seconds', due_at = now() - interval '2 seconds', expires_at = now() - interval '1 second' WHERE id = $1`,
      [stale.body.id],
    );
    expect(requestsFor(due.body.id)).toEqual([]);
    await ingestion.start();

    await routed(due.body.id);
    await reaches(tenant, stale.body.id, 'expired');
    expect(requestsFor(stale.body.id)).toEqual([]);
    expect((await getMessage(tenant, due.body.id)).body.history?.map((entry) => entry.status)).toEqual(['scheduled', 'queued']);
    await until(() => statusEventsOf(stale.body.id).length > 0, { what: 'the expiry to be announced' });
    expect(statusEventsOf(stale.body.id).map((event) => event.status)).toEqual(['expired']);
    await until(async () => (await balance(tenant)).reserved === reservedBefore + TRANSACTIONAL_UNIT, { what: "the stale message's reservation to be released" });
    // Still exactly one request after more polling rounds.
    await schedulerRound();
    await platform.drained();
    expect(requestsFor(due.body.id)).toHaveLength(1);
  }, 120_000);

  it('releases each due message exactly once when two instances poll', async () => {
    const second = await platform.startAnother('ingestion');
    try {
      const scheduleAt = new Date(Date.now() + 2_000).toISOString();
      const reply = await tenant.app.post('/v1/messages/batch', { defaults: { body: 'at once', scheduleAt }, messages: Array.from({ length: 300 }, () => ({ to: US_MOBILE })) });
      expect(reply.body.accepted).toHaveLength(300);
      const ids = reply.body.accepted.map((message) => message.id);
      await until(() => ids.every((id) => requestsFor(id).length > 0), { what: 'all 300 to be released', deadline: 20_000 });
      // Both instances have polled again since (one released the marker), and everything published has arrived.
      await schedulerRound();
      await platform.drained();
      expect(ids.filter((id) => requestsFor(id).length !== 1)).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('cancels a scheduled message: canceled, announced, reservation released; a routed one cannot be', async () => {
    const before = await balance(tenant);
    const scheduled = await send(tenant, { to: US_MOBILE, body: 'tomorrow', scheduleAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await balance(tenant)).reserved).toBe(before.reserved + TRANSACTIONAL_UNIT);
    const canceled = await tenant.app.post(`/v1/messages/${scheduled.body.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    await until(async () => (await balance(tenant)).reserved === before.reserved, { what: 'the reservation to be released' });
    await until(() => statusEventsOf(scheduled.body.id).length > 0, { what: 'the cancel to be announced' });
    expect(statusEventsOf(scheduled.body.id)).toEqual([expect.objectContaining({ status: 'canceled', organizationId: tenant.organizationId })]);
    expectProblem(await tenant.app.post(`/v1/messages/${scheduled.body.id}/cancel`), 409, 'message_not_cancelable');

    const sent = (await send(tenant, { to: US_MOBILE, body: 'now' })).body.id as string;
    await routed(sent);
    await report({ messageId: sent, organizationId: tenant.organizationId, status: 'sent' });
    await reaches(tenant, sent, 'sent');
    expectProblem(await tenant.app.post(`/v1/messages/${sent}/cancel`), 409, 'message_not_cancelable');
  }, 30_000);

  it('redacts a message that has left: its text is gone, its status, price and history stay; a waiting one keeps its text', async () => {
    const waiting = (await send(tenant, { to: US_MOBILE, body: 'code word swordfish', scheduleAt: new Date(Date.now() + 86_400_000).toISOString() })).body
      .id as string;
    expectProblem(await tenant.app.post(`/v1/messages/${waiting}/redact`), 409, 'message_not_redactable');
    expect((await getMessage(tenant, waiting)).body.body).toBe('code word swordfish');

    const id = (await send(tenant, { to: US_MOBILE, body: 'your PIN is 4321' })).body.id as string;
    await routed(id);
    await report({ messageId: id, organizationId: tenant.organizationId, status: 'delivered' });
    await reaches(tenant, id, 'delivered');
    const before = (await getMessage(tenant, id)).body;
    const other = await newCustomer('redact-other');
    expectProblem(await other.app.post(`/v1/messages/${id}/redact`), 404, 'message_not_found');

    const redacted = await tenant.app.post(`/v1/messages/${id}/redact`);
    expect(redacted.status).toBe(200);
    expect(redacted.body).toEqual({ ...before, body: '', updatedAt: expect.any(String) });
    expect((await getMessage(tenant, id)).body).toEqual({ ...before, body: '', updatedAt: redacted.body.updatedAt });
    expect(await platform.db('ingestion').one(`SELECT body FROM messages WHERE id = $1`, [id])).toEqual({ body: '' });
    // Again: nothing more to do.
    expect((await tenant.app.post(`/v1/messages/${id}/redact`)).body).toEqual(expect.objectContaining({ body: '', status: 'delivered' }));
  }, 30_000);
});

describe('opt-outs', () => {
  it('refuses promotional sends to opted-out numbers, not transactional ones, until the number is removed', async () => {
    const number = '+14155550199';
    expect((await tenant.app.post('/v1/opt-outs', { phoneNumber: '415 555 0199', defaultCountry: 'US', reason: 'STOP' })).status).toBe(201);
    expect((await tenant.app.get('/v1/opt-outs')).body.items).toEqual([
      expect.objectContaining({ phoneNumber: number, reason: 'STOP' }),
    ]);
    expectProblem(await send(tenant, { to: number, body: 'Sale!', type: 'promotional' }), 422, 'opted_out');
    expect((await send(tenant, { to: number, body: 'Your code', type: 'transactional' })).status).toBe(202);
    const batch = await tenant.app.post('/v1/messages/batch', { defaults: { type: 'promotional', body: 'Sale' }, messages: [{ to: number }, { to: US_MOBILE }] });
    expect(batch.body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'opted_out' })]);
    expect((await tenant.app.delete(`/v1/opt-outs/${encodeURIComponent(number)}`)).status).toBe(204);
    expect((await send(tenant, { to: number, body: 'Sale!', type: 'promotional' })).status).toBe(202);
  });
});

describe('templates', () => {
  it('versions edits, checks declared variables at send time, records the version each message used and carries its provider codes on batches and scheduled sends', async () => {
    // The document types `providerCodes` as an empty object: untyped.
    const created = (await tenant.app.request('POST', '/v1/templates', {
      body: { name: 'shipping', category: 'alerts', body: 'Hi {{name}}, order {{order}} shipped', providerCodes: { smsir: '12345', kavenegar: 'verify' } },
    })) as ApiReply<Schema<'TemplateView'>>;
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ version: 1, variables: ['name', 'order'], category: 'alerts', providerCodes: { smsir: '12345', kavenegar: 'verify' }, usageCount: 0 }),
    );
    const id = created.body.id as string;
    const missing = await sendTemplated(tenant, id, { name: 'Sara' });
    expectProblem(missing, 422, 'missing_variables');
    expect(missing.problem?.missing).toEqual(['order']);

    const first = await sendTemplated(tenant, id, { name: 'Sara', order: 42 });
    expect(first.status).toBe(202);
    const edited = await tenant.app.patch(`/v1/templates/${id}`, { body: 'Hello {{name}}: {{order}} left the warehouse' });
    expect(edited.body).toEqual(expect.objectContaining({ version: 2, latestVersion: 2 }));
    const second = await sendTemplated(tenant, id, { name: 'Sara', order: 43 });

    expect((await getMessage(tenant, first.body.id)).body).toEqual(expect.objectContaining({ templateVersion: 1, body: 'Hi Sara, order 42 shipped' }));
    expect((await getMessage(tenant, second.body.id)).body).toEqual(expect.objectContaining({ templateVersion: 2, body: 'Hello Sara: 43 left the warehouse' }));
    expect((await tenant.app.get(`/v1/templates/${id}?version=1`)).body).toEqual(
      expect.objectContaining({ version: 1, latestVersion: 2, body: 'Hi {{name}}, order {{order}} shipped' }),
    );
    expect((await tenant.app.get(`/v1/templates/${id}`)).body.usageCount).toBe(2);
    expect((await tenant.app.get('/v1/templates?category=alerts')).body.items.map((t) => t.id)).toContain(id);

    // A batch from it: the codes said once for the batch, each recipient's values on the recipient.
    const variables = (name: string, order: number) => [{ name: 'name', value: name }, { name: 'order', value: String(order) }];
    const batch = (
      await sendRaw(tenant, '/v1/messages/batch', {
        messages: [{ to: US_MOBILE, templateId: id, variables: { name: 'Omid', order: 44 } }, { to: US_MOBILE, templateId: id, variables: { name: 'Nour', order: 45 } }],
      })
    ).expectStatus(202) as Schema<'BatchAccepted'>;
    const [omid, nour] = await Promise.all(batch.accepted.map((accepted) => batchRouted(accepted.id)));
    expect(omid.batchId).toBe(nour.batchId);
    expect(omid.template).toEqual({ id, version: 2, providerCodes: { smsir: '12345', kavenegar: 'verify' } });
    expect([omid.recipient.templateVariables, nour.recipient.templateVariables]).toEqual([variables('Omid', 44), variables('Nour', 45)]);

    // Scheduled: the scheduler releases it later with the same codes and values, and keeps the values no longer.
    const scheduleAt = new Date(Date.now() + 300).toISOString();
    const later = (await sendRaw(tenant, '/v1/messages', { to: US_MOBILE, templateId: id, variables: { name: 'Lina', order: 46 }, scheduleAt })).expectStatus(
      202,
    ) as Schema<'AcceptedMessage'>;
    expect((await routed(later.id)).template).toEqual({ id, version: 2, providerCodes: { smsir: '12345', kavenegar: 'verify' }, variables: variables('Lina', 46) });
    expect(await platform.db('ingestion').one(`SELECT template_variables FROM messages WHERE id = $1`, [later.id])).toEqual({ template_variables: null });

    // Deleted while one of its messages waits: no new sends from it, but the waiting one keeps its codes.
    const waiting = (
      await sendRaw(tenant, '/v1/messages', { to: US_MOBILE, templateId: id, variables: { name: 'Sami', order: 47 }, scheduleAt: new Date(Date.now() + 2_000).toISOString() })
    ).expectStatus(202) as Schema<'AcceptedMessage'>;
    expect((await tenant.app.delete(`/v1/templates/${id}`)).status).toBe(204);
    expect(await platform.db('ingestion').one(`SELECT status FROM messages WHERE id = $1`, [waiting.id])).toEqual({ status: 'scheduled' });
    expectProblem(await tenant.app.get(`/v1/templates/${id}`), 404, 'template_not_found');
    expectProblem(await sendRaw(tenant, '/v1/messages', { to: US_MOBILE, templateId: id, variables: { name: 'Rami', order: 48 } }), 404, 'template_not_found');
    expect((await routed(waiting.id)).template).toEqual({ id, version: 2, providerCodes: { smsir: '12345', kavenegar: 'verify' }, variables: variables('Sami', 47) });
  });
});

describe('callback retries', () => {
  it('retries a failing endpoint with backoff until it answers', async () => {
    const flaky = await new CallbackServer((attempt) => (attempt <= 2 ? 500 : 204)).start();
    const customer = await newCustomer('flaky');
    try {
      await putWebhookUrl(customer, flaky.url);
      const id = (await send(customer, { to: US_MOBILE, body: 'retry me' })).body.id as string;
      await routed(id);
      await report({ messageId: id, organizationId: customer.organizationId, status: 'delivered' });
      const delivery = await until(
        async () => (await customer.app.get(`/v1/webhooks/deliveries?messageId=${id}`)).body.items.find((candidate) => candidate.status === 'delivered'),
        { what: 'the callback to be delivered at last' },
      );
      expect(delivery).toEqual(expect.objectContaining({ status: 'delivered', attempts: 3, lastStatusCode: 204 }));
      expect(flaky.received).toHaveLength(3);
      expect(new Set(flaky.received.map((callback) => callback.headers['zagel-delivery-id'])).size).toBe(1);
    } finally {
      await flaky.stop();
    }
  }, 30_000);

  it('disables an endpoint that keeps failing, tells its owner, and shows it in the settings', async () => {
    const broken = await new CallbackServer(() => 503).start();
    const customer = await newCustomer('broken-hook');
    try {
      await putWebhookUrl(customer, broken.url);
      for (let index = 0; index < 3; index += 1) {
        const id = (await send(customer, { to: US_MOBILE, body: `m${index}` })).body.id as string;
        await routed(id);
        await report({ messageId: id, organizationId: customer.organizationId, status: 'failed', errorCode: 'x' });
      }
      await router.waitFor(WebhookEndpointDisabled, (event) => event.organizationId === customer.organizationId && event.url === broken.url, { deadline: 20_000 });
      const settings = (await customer.app.get('/v1/webhooks/settings')).body;
      expect(settings.status).toBe('disabled');
      expect(settings.disabledEndpoints).toEqual([expect.objectContaining({ url: broken.url })]);
      const calls = broken.received.length;
      const id = (await send(customer, { to: US_MOBILE, body: 'after' })).body.id as string;
      await routed(id);
      await report({ messageId: id, organizationId: customer.organizationId, status: 'delivered' });
      await reaches(customer, id, 'delivered');
      // The status change queued no callback for the disabled endpoint (in the same transaction), so none can come.
      expect((await customer.app.get(`/v1/webhooks/deliveries?messageId=${id}`)).body.items).toEqual([]);
      expect(broken.received.length).toBe(calls);

      // Saving the URL again re-enables it.
      await putWebhookUrl(customer, broken.url);
      expect((await customer.app.get('/v1/webhooks/settings')).body.status).toBe('active');
      const rotated = await customer.app.post('/v1/webhooks/settings/rotate-secret');
      expect(rotated.body.secret).toMatch(/^whsec_/);
    } finally {
      await broken.stop();
    }
  }, 45_000);
});

describe('analytics', () => {
  it('counts what was sent, delivered and failed, the segments, the cost and the OTP conversion', async () => {
    const customer = await newCustomer('analytics');
    const from = new Date(Date.now() - 60_000).toISOString();
    const ids: string[] = [];
    for (const body of ['one', 'x'.repeat(200), 'three']) ids.push((await send(customer, { to: US_MOBILE, body })).body.id);
    const otp = (await send(customer, { to: EG_MOBILE, body: 'Your code is 123456', type: 'otp' })).body;
    for (const id of [...ids, otp.id]) await routed(id);
    const base = { organizationId: customer.organizationId };
    await report({ ...base, messageId: ids[0], status: 'delivered', route: 'device' });
    await report({ ...base, messageId: ids[1], status: 'sent', route: 'provider' });
    await report({ ...base, messageId: ids[1], status: 'delivered', route: 'provider', at: new Date(Date.now() + 5).toISOString() });
    await report({ ...base, messageId: ids[2], status: 'failed', errorCode: 'no_route' });
    await report({ ...base, messageId: otp.id, status: 'sent', route: 'device' });
    await router.publish(OtpVerified, {
      verificationId: randomUUID(),
      organizationId: customer.organizationId,
      messageId: otp.id,
      to: EG_MOBILE,
      verifiedAt: new Date().toISOString(),
    });
    const to = new Date(Date.now() + 60_000).toISOString();
    await eventually(
      async () => {
        const summary = (await customer.app.get(`/v1/analytics/summary?from=${from}&to=${to}&groupBy=type`)).body as AnalyticsSummary;
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
        expect(summary.groups.map((group) => [group.key, group.messages])).toEqual([
          ['otp', 1],
          ['transactional', 3],
        ]);
      },
      { timeoutMs: 10_000 },
    );
    const byRoute = (await customer.app.get(`/v1/analytics/summary?from=${from}&to=${to}&groupBy=route`)).body as AnalyticsSummary;
    expect(Object.fromEntries(byRoute.groups.map((group) => [group.key, group.sent]))).toEqual({ device: 2, provider: 1, none: 0 });
  }, 30_000);
});

describe('tenant isolation', () => {
  it("keeps every endpoint to the caller's organization", async () => {
    const other = await newCustomer('other');
    const mine = (await send(tenant, { to: US_MOBILE, body: 'private', scheduleAt: new Date(Date.now() + 3_600_000).toISOString() })).body.id as string;
    const template = (await tenant.app.post('/v1/templates', { name: 'mine', body: 'secret {{x}}' })).body.id as string;

    expectProblem(await getMessage(other, mine), 404, 'message_not_found');
    expectProblem(await other.app.post(`/v1/messages/${mine}/cancel`), 404, 'message_not_found');
    expect((await other.app.get('/v1/messages')).body.items).toEqual([]);
    expectProblem(await other.app.get(`/v1/templates/${template}`), 404, 'template_not_found');
    expectProblem(await other.app.patch(`/v1/templates/${template}`, { body: 'stolen' }), 404, 'template_not_found');
    expectProblem(await other.app.delete(`/v1/templates/${template}`), 404, 'template_not_found');
    expectProblem(await sendTemplated(other, template, { x: '1' }), 404, 'template_not_found');
    expect((await other.app.get('/v1/templates')).body.items).toEqual([]);
    expect((await other.app.get('/v1/webhooks/deliveries')).body.items).toEqual([]);
    expect((await other.app.get('/v1/webhooks/settings')).body).toEqual(expect.objectContaining({ status: 'none', hasSecret: false }));
    expect((await other.app.get('/v1/opt-outs')).body.items).toEqual([]);
    const summary = (await other.app.get(`/v1/analytics/summary?from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`)).body as AnalyticsSummary;
    expect(summary.totals.messages).toBe(0);
    // A status event naming the wrong organization changes nothing.
    await report({ messageId: mine, organizationId: other.organizationId, status: 'delivered' });
    await platform.drained();
    const untouched = (await getMessage(tenant, mine)).body;
    expect(untouched.status).toBe('scheduled');
    expect(untouched.history?.map((entry) => entry.status)).toEqual(['scheduled']);
  });

  it('lists with filters and cursor pagination', async () => {
    const customer = await newCustomer('lister');
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await send(customer, { to: index % 2 ? EG_MOBILE : US_MOBILE, body: `m${index}`, clientReference: `ref-${index}` })).body.id);
    }
    const first = await customer.app.get('/v1/messages?limit=2');
    expect(first.body.items.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    const second = await customer.app.get(`/v1/messages?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect((await customer.app.get(`/v1/messages?to=${encodeURIComponent(EG_MOBILE)}`)).body.items).toHaveLength(2);
    expect((await customer.app.get('/v1/messages?clientReference=ref-3')).body.items.map((m) => m.id)).toEqual([ids[3]]);
    expect((await customer.app.get('/v1/messages?status=delivered')).body.items).toEqual([]);
    expect((await customer.app.get(`/v1/messages?from=${new Date(Date.now() + 60_000).toISOString()}`)).body.items).toEqual([]);
    const noScope = await customer.owner.post('/v1/api-keys', { name: 'verify only', scopes: ['verify'] });
    expectProblem(await platform.api.get('/v1/messages', { as: { apiKey: noScope.body.key } }), 403, 'insufficient_scope');
  });
});

describe('phone numbers', () => {
  it('describes a number', async () => {
    const described = await tenant.app.get(`/v1/phone-numbers/${encodeURIComponent(EG_MOBILE)}`);
    expect(described.body).toEqual(expect.objectContaining({ valid: true, e164: EG_MOBILE, country: 'EG', type: 'mobile' }));
    expect((await tenant.app.get('/v1/phone-numbers/12')).body.valid).toBe(false);
  });
});
