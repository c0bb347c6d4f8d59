import { randomUUID } from 'node:crypto';
import { generateMobileNumber } from '@zagel/device-simulator';
import { InboundSmsReceived, InboundSmsReceivedPayload, MessageRequested, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { Schema } from '@zagel/sdk';
import { BusProbe, TestCustomer, TestPlatform, until } from '@zagel/testing';

// Ingestion's side of inbound SMS, for every channel: the probe plays the router (hears what ingestion
// asks to send, reports statuses naming the phone or provider account that carried each message) and
// the device-gateway and provider-sender (publishes inbound.sms-received as they do).

const platform = new TestPlatform({
  services: ['auth', 'billing', 'ingestion', 'api-gateway'],
  settings: { SCHEDULER_POLL_INTERVAL_MS: '100' },
});
let router: BusProbe;
let first: TestCustomer;
let second: TestCustomer;

beforeAll(async () => {
  await platform.start();
  router = await platform.probe({ service: 'router-stub', hears: [MessageRequested, MessageStatusChanged] });
  first = await platform.customer({ label: 'first', credit: 100_000 });
  second = await platform.customer({ label: 'second', credit: 100_000 });
}, 120_000);

afterAll(() => platform.stop(), 60_000);

type InboundView = Schema<'InboundMessageView'>;

/** A fresh mobile number (no test shares a conversation with another). */
const newNumber = () => generateMobileNumber('EG', 'Vodafone');

/** Sends a message and reports it `sent` through the given route, as the router would; answers its id. */
async function sentThrough(customer: TestCustomer, to: string, route: { deviceId: string } | { providerAccountId: string }, type = 'transactional' as const): Promise<string> {
  const id = (await customer.app.post('/v1/messages', { to, body: 'Your order shipped', type })).expectStatus(202).id;
  await router.waitFor(MessageRequested, (request) => request.messageId === id);
  const status: MessageStatusPayload = {
    messageId: id,
    organizationId: customer.organizationId,
    status: 'sent',
    origin: 'api',
    ...('deviceId' in route ? { route: 'device', deviceId: route.deviceId } : { route: 'provider', provider: 'twilio-main', providerAccountId: route.providerAccountId }),
    at: new Date().toISOString(),
  };
  await router.publish(MessageStatusChanged, status, { tenantId: customer.organizationId });
  await until(async () => (await customer.app.get(`/v1/messages/${id}`)).body.status === 'sent', { what: `message ${id} to be sent` });
  return id;
}

function inbound(from: string, body: string, route: { deviceId: string } | { providerAccountId: string }, extra: Partial<InboundSmsReceivedPayload> = {}): InboundSmsReceivedPayload {
  return {
    dedupeKey: `test:${randomUUID()}`,
    from,
    body,
    receivedAt: new Date().toISOString(),
    ...('deviceId' in route ? { channel: 'device', deviceId: route.deviceId } : { channel: 'provider', providerKind: 'twilio', providerAccountId: route.providerAccountId, to: '+14155550100' }),
    ...extra,
  };
}

async function listed(customer: TestCustomer, from: string): Promise<InboundView[]> {
  return (await customer.app.get(`/v1/inbound-messages?from=${encodeURIComponent(from)}` as '/v1/inbound-messages')).body.items;
}

const storedRows = async (dedupeKey: string) =>
  (await platform.db('ingestion').query<{ organization_id: string | null }>(`SELECT organization_id FROM inbound_messages WHERE dedupe_key = $1`, [dedupeKey]));

function stored(dedupeKey: string) {
  return until(async () => (await storedRows(dedupeKey))[0], { what: `inbound ${dedupeKey} to be stored` });
}

describe('attribution', () => {
  it('gives a provider reply to the organization that last wrote to the sender through that provider account, stored once', async () => {
    const number = await newNumber();
    const [accountOfFirst, accountOfSecond] = [randomUUID(), randomUUID()];
    const firstMessage = await sentThrough(first, number, { providerAccountId: accountOfFirst });
    const secondMessage = await sentThrough(second, number, { providerAccountId: accountOfSecond });

    const reply = inbound(number, 'Is it insured?', { providerAccountId: accountOfFirst });
    await router.publish(InboundSmsReceived, reply);
    await router.publish(InboundSmsReceived, reply);
    await router.publish(InboundSmsReceived, inbound(number, 'Thanks!', { providerAccountId: accountOfSecond }, { channel: 'smpp', providerKind: 'smpp' }));

    const [toFirst] = await until(async () => ((await listed(first, number)).length > 0 ? listed(first, number) : undefined), { what: 'the reply listed for the first' });
    expect(toFirst).toEqual(
      expect.objectContaining({ body: 'Is it insured?', channel: 'provider', providerKind: 'twilio', providerAccountId: accountOfFirst, to: '+14155550100', inReplyToMessageId: firstMessage }),
    );
    const [toSecond] = await until(async () => ((await listed(second, number)).length > 0 ? listed(second, number) : undefined), { what: 'the reply listed for the second' });
    expect(toSecond).toEqual(expect.objectContaining({ body: 'Thanks!', channel: 'smpp', inReplyToMessageId: secondMessage }));

    await platform.drained();
    expect(await storedRows(reply.dedupeKey)).toHaveLength(1);
    expect(await listed(first, number)).toHaveLength(1);
  });

  it('goes by the phone that received it, and keeps for operators what matches no route, or only an older conversation than 30 days', async () => {
    const number = await newNumber();
    const [phone, otherPhone] = [randomUUID(), randomUUID()];
    const message = await sentThrough(first, number, { deviceId: phone });

    const throughOtherPhone = inbound(number, 'hello?', { deviceId: otherPhone });
    await router.publish(InboundSmsReceived, throughOtherPhone);
    expect((await stored(throughOtherPhone.dedupeKey)).organization_id).toBeNull();

    const throughPhone = inbound(number, 'hello!', { deviceId: phone });
    await router.publish(InboundSmsReceived, throughPhone);
    expect((await stored(throughPhone.dedupeKey)).organization_id).toBe(first.organizationId);
    expect((await listed(first, number)).map((item) => [item.body, item.inReplyToMessageId])).toEqual([['hello!', message]]);

    await platform.db('ingestion').query(`UPDATE messages SET created_at = now() - interval '31 days' WHERE id = $1`, [message]);
    const late = inbound(number, 'still there?', { deviceId: phone });
    await router.publish(InboundSmsReceived, late);
    expect((await stored(late.dedupeKey)).organization_id).toBeNull();

    const operator = await platform.asOperator();
    const unattributed = (await operator.get(`/v1/admin/inbound-messages?unattributed=true&from=${encodeURIComponent(number)}` as '/v1/admin/inbound-messages')).body.items;
    expect(unattributed.map((item) => item.body).sort()).toEqual(['hello?', 'still there?']);
  });
});

describe('keywords', () => {
  it('answers HELP through the provider account it came in by, once, with the help text', async () => {
    const number = await newNumber();
    const account = randomUUID();
    (await first.app.request('PUT', '/v1/inbound-settings', { body: { helpText: 'Acme: reply STOP to opt out.' } })).expectStatus(200);
    await sentThrough(first, number, { providerAccountId: account });
    const help = inbound(number, 'Help', { providerAccountId: account });
    await router.publish(InboundSmsReceived, help);
    await router.publish(InboundSmsReceived, help);

    const answer = await router.waitFor(MessageRequested, (request) => request.to === number && request.body === 'Acme: reply STOP to opt out.');
    expect(answer).toEqual(expect.objectContaining({ organizationId: first.organizationId, messageType: 'transactional', route: 'providers', viaProviderAccountId: account }));
    expect(answer.viaDeviceId).toBeUndefined();
    await platform.drained();
    expect(router.heard(MessageRequested).filter((request) => request.to === number && request.body === answer.body)).toHaveLength(1);
    expect((await first.app.get(`/v1/messages/${answer.messageId}`)).body).toEqual(expect.objectContaining({ to: number, type: 'transactional' }));
  });

  it('cancels a scheduled promotional message to a number that replied STOP since, and sends it nothing', async () => {
    const number = await newNumber();
    const phone = randomUUID();
    await sentThrough(first, number, { deviceId: phone });
    const scheduled = (
      await first.app.post('/v1/messages', { to: number, body: 'Flash sale tonight', type: 'promotional', scheduleAt: new Date(Date.now() + 3_000).toISOString() })
    ).expectStatus(202).id;

    await router.publish(InboundSmsReceived, inbound(number, 'STOP', { deviceId: phone }));
    await until(async () => (await first.app.get('/v1/opt-outs?limit=100')).body.items.some((item) => item.phoneNumber === number && item.source === 'inbound_keyword'), {
      what: 'the number to be opted out',
    });

    const canceled = await until(async () => {
      const view = (await first.app.get(`/v1/messages/${scheduled}`)).body;
      return view.status === 'canceled' ? view : undefined;
    }, { what: 'the scheduled promotional message to be canceled' });
    expect(canceled.errorCode).toBe('opted_out');
    expect(router.heard(MessageRequested).some((request) => request.messageId === scheduled)).toBe(false);
    await router.waitFor(MessageStatusChanged, (event) => event.messageId === scheduled && event.status === 'canceled' && event.errorCode === 'opted_out');
    // Only the first organization's list: the second never heard from this number.
    expect((await second.app.get('/v1/opt-outs?limit=100')).body.items.some((item) => item.phoneNumber === number)).toBe(false);
  });
});
