import { generateMobileNumber } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { CallbackServer, expectProblem, TestCustomer, TestPhone, TestPlatform, until, validSignature } from '@zagel/testing';
import { callbacksTo, JOURNEY_PHONES, JOURNEY_SETTINGS } from './support/journeys';

// Inbound SMS through the whole platform: a customer writes to a number through a pool phone, the
// recipient answers that phone (the simulator's SIM receives it and reports `sms:received`), and the
// answer is stored, attributed, linked, called back, and its keywords applied.

const zagel = new TestPlatform({ settings: JOURNEY_SETTINGS });

type InboundView = Schema<'InboundMessageView'>;

let customer: TestCustomer;
let phone: TestPhone;
let hooks: CallbackServer;
let secret: string;

beforeAll(async () => {
  await zagel.start();
  customer = await zagel.customer({ credit: 10_000 });
  hooks = zagel.closeOnStop(await new CallbackServer().start());
  secret = await callbacksTo(customer, hooks.url);
  const owner = await zagel.phoneOwner();
  phone = await zagel.phone(owner, { ...JOURNEY_PHONES, country: 'EG', carrier: 'Etisalat' });
  (await owner.api.patch(`/v1/devices/${phone.deviceId}`, { dailyQuota: 50 })).expectStatus(200);
  await until(() => phone.phone.configs.at(-1)?.dailyQuota === 50, { what: 'the phone to be told its quota' });
}, 180_000);

afterAll(() => zagel.stop(), 60_000);

/** Writes to a new Etisalat number through the phone and waits until it is delivered; answers the number and the message id. */
async function conversation(): Promise<{ number: string; messageId: string }> {
  const number = await generateMobileNumber('EG', 'Etisalat');
  const accepted = (await customer.app.post('/v1/messages', { to: number, body: 'Your table for two is booked for 8 pm.', route: 'devices' })).expectStatus(202);
  await until(async () => (await customer.app.get(`/v1/messages/${accepted.id}`)).body.status === 'delivered', { what: `message ${accepted.id} to be delivered` });
  return { number, messageId: accepted.id };
}

async function inboundFrom(number: string, as = customer.app, path = '/v1/inbound-messages'): Promise<InboundView[]> {
  return (await as.get(`${path}?from=${encodeURIComponent(number)}` as '/v1/inbound-messages')).body.items;
}

function optedOut(number: string): Promise<boolean> {
  return customer.app.get('/v1/opt-outs?limit=100').then((reply) => reply.body.items.some((item) => item.phoneNumber === number));
}

describe('a reply to a pool phone', () => {
  it('is stored once, attributed to the organization that wrote, linked to its message and called back signed', async () => {
    const { number, messageId } = await conversation();
    const receivedAt = new Date();
    expect(await phone.phone.receiveSms(number, 'Thanks, see you then!', receivedAt)).toEqual({ ok: true });
    // The phone reports the same SMS again (a lost ack): harmless.
    expect(await phone.phone.receiveSms(number, 'Thanks, see you then!', receivedAt)).toEqual({ ok: true });

    const [listed] = await until(async () => {
      const items = await inboundFrom(number);
      return items.length > 0 ? items : undefined;
    }, { what: 'the reply to be listed' });
    expect(listed).toEqual(
      expect.objectContaining({ from: number, body: 'Thanks, see you then!', kind: 'message', channel: 'device', deviceId: phone.deviceId, inReplyToMessageId: messageId }),
    );

    const callback = await until(() => hooks.received.find((hook) => hook.json.event === 'message.received' && hook.json.from === number), {
      what: 'the message.received callback',
    });
    expect(callback.json).toEqual(expect.objectContaining({ inboundMessageId: listed.id, body: 'Thanks, see you then!', kind: 'message', inReplyToMessageId: messageId }));
    expect(callback.headers['zagel-event']).toBe('message.received');
    expect(await validSignature(callback, secret)).toBe(true);
    expect(await validSignature(callback, `${secret}x`)).toBe(false);

    await zagel.drained();
    expect(await inboundFrom(number)).toHaveLength(1);
    expect(hooks.received.filter((hook) => hook.json.event === 'message.received' && hook.json.from === number)).toHaveLength(1);
  }, 90_000);

  it('that nobody wrote to through that phone is kept, unattributed, for operators only', async () => {
    const stranger = await generateMobileNumber('EG', 'Etisalat');
    expect(await phone.phone.receiveSms(stranger, 'who is this?')).toEqual({ ok: true });
    const operator = await zagel.asOperator();
    const [kept] = await until(async () => {
      const items = (await operator.get(`/v1/admin/inbound-messages?unattributed=true&from=${encodeURIComponent(stranger)}` as '/v1/admin/inbound-messages')).body.items;
      return items.length > 0 ? items : undefined;
    }, { what: 'the unattributed message in the operators\' list' });
    expect(kept).toEqual(expect.objectContaining({ from: stranger, body: 'who is this?', deviceId: phone.deviceId }));
    expect(kept.organizationId).toBeUndefined();
    expect(await inboundFrom(stranger)).toEqual([]);
    expectProblem(await customer.app.get('/v1/admin/inbound-messages'), 403, 'forbidden');
  }, 60_000);
});

describe('keywords', () => {
  it('STOP opts the sender out (promotional refused, transactional still sent); START opts it back in', async () => {
    const { number } = await conversation();
    expect(await phone.phone.receiveSms(number, ' Stop ')).toEqual({ ok: true });
    await until(() => optedOut(number), { what: 'the number to be opted out' });
    const entry = (await customer.app.get('/v1/opt-outs?limit=100')).body.items.find((item) => item.phoneNumber === number);
    expect(entry).toEqual(expect.objectContaining({ source: 'inbound_keyword', reason: 'replied STOP' }));
    expect((await inboundFrom(number))[0]).toEqual(expect.objectContaining({ kind: 'opt_out', keyword: 'STOP' }));

    expectProblem(await customer.app.post('/v1/messages', { to: number, body: 'Winter sale: 20% off', type: 'promotional' }), 422, 'opted_out');
    const batch = (await customer.app.post('/v1/messages/batch', { messages: [{ to: number, body: 'Winter sale', type: 'promotional' }] })).body;
    expect(batch.rejected).toEqual([expect.objectContaining({ index: 0, code: 'opted_out' })]);
    (await customer.app.post('/v1/messages', { to: number, body: 'Your order shipped.', type: 'transactional' })).expectStatus(202);

    expect(await phone.phone.receiveSms(number, 'start')).toEqual({ ok: true });
    await until(async () => !(await optedOut(number)), { what: 'the number to be opted back in' });
    (await customer.app.post('/v1/messages', { to: number, body: 'Winter sale: 20% off', type: 'promotional' })).expectStatus(202);
  }, 90_000);

  it("HELP is answered with the organization's help text through the same phone", async () => {
    const helpText = 'Bistro Zagel bookings. Reply STOP to opt out. Call +20 2 1234 5678.';
    const settings = (await customer.app.request('PUT', '/v1/inbound-settings', { body: { helpText } })).expectStatus(200);
    expect(settings).toEqual(expect.objectContaining({ helpText, optOutKeywords: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'], helpKeywords: ['HELP'] }));

    const { number } = await conversation();
    expect(await phone.phone.receiveSms(number, 'help')).toEqual({ ok: true });
    const answer = await until(() => phone.phone.received.find((sms) => sms.to === number && sms.body === helpText), {
      what: 'the phone to be asked to send the help text',
    });
    expect(answer.body).toBe(helpText);
    expect((await inboundFrom(number))[0]).toEqual(expect.objectContaining({ kind: 'help', keyword: 'HELP' }));
  }, 90_000);

  it('takes the organization\'s own keywords and refuses a keyword in two lists, changing nothing', async () => {
    expectProblem(await customer.app.request('PUT', '/v1/inbound-settings', { body: { optInKeywords: ['START', 'stop'] } }), 422, 'invalid_inbound_settings');
    expectProblem(await customer.app.request('PUT', '/v1/inbound-settings', { body: { optOutKeywords: ['not one word'] } }), 400, 'validation_failed');
    expect((await customer.app.get('/v1/inbound-settings')).body.optInKeywords).toEqual(['START', 'UNSTOP']);

    (await customer.app.request('PUT', '/v1/inbound-settings', { body: { optOutKeywords: ['basta', 'STOP'] } })).expectStatus(200);
    const { number } = await conversation();
    expect(await phone.phone.receiveSms(number, 'BASTA')).toEqual({ ok: true });
    await until(() => optedOut(number), { what: 'the number to be opted out by the custom keyword' });
  }, 90_000);
});
