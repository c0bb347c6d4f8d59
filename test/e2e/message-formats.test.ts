import { randomBytes } from 'node:crypto';
import { ApiReply } from '@zagel/sdk';
import { expectProblem, FakeKavenegar, FakeSmsc, FakeVonage, TestCustomer, TestPlatform, until } from '@zagel/testing';
import { JOURNEY_SETTINGS } from './support/journeys';

// Message formats (text, unicode, flash, binary), sender ids and priority lanes through the whole platform:
// ingestion, the router, provider-sender and its adapters speaking to a local SMSC, Vonage and Kavenegar.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const zagel = new TestPlatform({
  services: ['auth', 'billing', 'ingestion', 'api-gateway', 'pool-dispatcher', 'provider-sender'],
  settings: JOURNEY_SETTINGS,
});
let smsc: FakeSmsc;
let vonage: FakeVonage;
let kavenegar: FakeKavenegar;
let operator: Awaited<ReturnType<TestPlatform['asOperator']>>;

const EG_MOBILE = '+201001234567';
const IR_MOBILE = '+989121234567';
const US_MOBILE = '+14155550123';
const WAP_PUSH_UDH = '0605040b8423f0';
const SENT_OR_LATER = ['sent', 'delivered'];

beforeAll(async () => {
  [smsc, vonage, kavenegar] = await Promise.all([FakeSmsc.start(), FakeVonage.start(), FakeKavenegar.start()]);
  zagel.closeOnStop(smsc);
  await zagel.start();
  operator = await zagel.asOperator();
}, 180_000);

afterAll(async () => {
  await zagel.stop();
  await Promise.all([vonage.close(), kavenegar.close()]);
}, 60_000);

async function provider(kind: string, settings: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Json> {
  const name = `${kind}-${randomBytes(3).toString('hex')}`;
  return (await operator.request('POST', '/v1/admin/providers', { body: { name, kind, settings, ...extra } }) as ApiReply<Json>).expectStatus(201);
}

/** A customer whose messages go through this provider only, allowed to send from `senders`. */
async function customerOf(account: Json, senders: string[] = []): Promise<TestCustomer> {
  const customer = await zagel.customer({ credit: 100_000 });
  const route = { country: '*', organizationId: customer.organizationId, providers: [account.id], senders };
  (await operator.request('POST', '/v1/admin/routes', { body: route }) as ApiReply<Json>).expectStatus(201);
  return customer;
}

const send = async (customer: TestCustomer, body: Record<string, unknown>): Promise<Json> =>
  (await customer.app.request('POST', '/v1/messages', { body }) as ApiReply<Json>).expectStatus(202);

function reaches(customer: TestCustomer, id: string, statuses: string[], deadline = 20_000): Promise<Json> {
  return until(
    async () => {
      const read = (await customer.app.get(`/v1/messages/${id}`)).body as Json;
      return statuses.includes(read.status) ? read : undefined;
    },
    { what: `message ${id} to be ${statuses.join(' or ')}`, deadline, interval: 100 },
  );
}

describe('message formats on the wire', () => {
  it('sends text, unicode, flash and binary through SMPP with their data_coding, esm_class and sender', async () => {
    const account = await provider('smpp', { host: smsc.host, port: smsc.listeningPort, systemId: smsc.systemId, password: smsc.password, sourceAddr: '+15550000000', longMessages: 'udh' });
    const customer = await customerOf(account, ['Zagel']);
    const text = await send(customer, { to: EG_MOBILE, body: 'Plain text', from: 'Zagel' });
    const unicode = await send(customer, { to: EG_MOBILE, body: 'GSM only', format: 'unicode' });
    const flash = await send(customer, { to: EG_MOBILE, body: 'Flash alert', format: 'flash' });
    const binary = await send(customer, { to: EG_MOBILE, body: 'deadbeef', udh: WAP_PUSH_UDH, format: 'binary' });
    expect([text.encoding, unicode.encoding, flash.encoding, binary.encoding]).toEqual(['GSM-7', 'UCS-2', 'GSM-7', '8-bit']);
    for (const accepted of [text, unicode, flash, binary]) await reaches(customer, accepted.id, SENT_OR_LATER);

    const byText = (body: string) => smsc.submits.find((submit) => submit.text === body);
    expect(byText('Plain text')).toMatchObject({ dataCoding: 0x00, esmClass: 0, source: 'Zagel', sourceTon: 5 });
    expect(byText('GSM only')).toMatchObject({ dataCoding: 0x08, source: '15550000000', sourceTon: 1 });
    expect(byText('Flash alert')).toMatchObject({ dataCoding: 0x10 });
    expect(smsc.submits.find((submit) => submit.binary === 'deadbeef')).toMatchObject({ dataCoding: 0x04, esmClass: 0x40, udh: '05040b8423f0' });

    const read = (await customer.app.get(`/v1/messages/${binary.id}`)).body as Json;
    expect(read).toMatchObject({ format: 'binary', udh: WAP_PUSH_UDH, encoding: '8-bit', segments: 1, route: 'provider' });
    expect(((await customer.app.get(`/v1/messages/${text.id}`)).body as Json).from).toBe('Zagel');
  }, 60_000);

  it('sends unicode, flash and binary through Vonage with type, message-class, body and udh', async () => {
    const account = await provider('vonage', { apiKey: vonage.apiKey, apiSecret: vonage.apiSecret, signatureSecret: vonage.signatureSecret, from: 'ZagelCo', restHost: vonage.baseUrl });
    const customer = await customerOf(account, ['Shop 24']);
    const sent = await Promise.all([
      send(customer, { to: EG_MOBILE, body: 'hello', format: 'unicode', from: 'Shop 24' }),
      send(customer, { to: EG_MOBILE, body: 'flash!', format: 'flash' }),
      send(customer, { to: EG_MOBILE, body: 'cafe', udh: WAP_PUSH_UDH, format: 'binary' }),
    ]);
    for (const accepted of sent) await reaches(customer, accepted.id, SENT_OR_LATER);
    const submits = vonage.requests.filter((request) => request.path === '/sms/json').map((request) => FakeVonage.fields(request));
    expect(submits.find((fields) => fields.text === 'hello')).toMatchObject({ type: 'unicode', from: 'Shop 24' });
    expect(submits.find((fields) => fields.text === 'flash!')).toMatchObject({ 'message-class': '0', from: 'ZagelCo' });
    expect(submits.find((fields) => fields.type === 'binary')).toMatchObject({ body: 'cafe', udh: WAP_PUSH_UDH });
  }, 60_000);

  it('sends flash through Kavenegar as type 0, and fails a binary message no provider of the route carries', async () => {
    const account = await provider('kavenegar', { apiKey: kavenegar.apiKey, baseUrl: kavenegar.baseUrl });
    const customer = await customerOf(account);
    const flash = await send(customer, { to: IR_MOBILE, body: 'Flash', format: 'flash' });
    await reaches(customer, flash.id, SENT_OR_LATER);
    const submit = kavenegar.requests.find((request) => new URLSearchParams(request.rawBody).get('message') === 'Flash');
    expect(new URLSearchParams(submit?.rawBody).get('type')).toBe('0');

    const binary = await send(customer, { to: IR_MOBILE, body: '0102', udh: WAP_PUSH_UDH, format: 'binary' });
    expect(await reaches(customer, binary.id, ['failed'])).toMatchObject({ errorCode: 'unsupported_type' });
    expect(kavenegar.requests.some((request) => new URLSearchParams(request.rawBody).get('message') === '0102')).toBe(false);
  }, 60_000);

  it('refuses at acceptance what no route can carry, and a sender the destination or the route does not allow', async () => {
    const account = await provider('simulator', { reportDelayMs: 0 });
    const customer = await customerOf(account, ['Zagel']);
    const refuse = async (body: Record<string, unknown>, code: string) =>
      expectProblem(await customer.app.request('POST', '/v1/messages', { body }), 422, code);
    await refuse({ to: EG_MOBILE, body: 'cafe', udh: WAP_PUSH_UDH, format: 'binary', route: 'devices' }, 'unsupported_type');
    await refuse({ to: EG_MOBILE, body: 'not hex', format: 'binary' }, 'invalid_binary');
    await refuse({ to: EG_MOBILE, body: 'cafe', udh: '0705040b8423f0', format: 'binary' }, 'invalid_binary');
    await refuse({ to: US_MOBILE, body: 'Hi', from: 'Zagel' }, 'sender_id_not_supported');
    await refuse({ to: EG_MOBILE, body: 'Hi', from: 'Way too long id' }, 'invalid_sender_id');

    const unregistered = await send(customer, { to: EG_MOBILE, body: 'Hi', from: 'Other' });
    expect(await reaches(customer, unregistered.id, ['failed'])).toMatchObject({ errorCode: 'sender_id_not_registered', from: 'Other' });
  }, 60_000);
});

describe('priority', () => {
  it('sends a high-priority message ahead of a bulk backlog to a slow provider', async () => {
    const account = await provider('simulator', { reportDelayMs: 0 }, { rateLimitPerSecond: 300 });
    const customer = await zagel.customer({ credit: 100_000 });
    const route = { country: '*', organizationId: customer.organizationId, providers: [account.id] };
    (await operator.request('POST', '/v1/admin/routes', { body: route }) as ApiReply<Json>).expectStatus(201);

    const backlog = Array.from({ length: 3_000 }, (_, index) => ({ to: `+2010012${String(index).padStart(5, '0')}`, body: `Sale ${index}` }));
    const bulk = (await customer.app.request('POST', '/v1/messages/batch', { body: { messages: backlog } }) as ApiReply<Json>).expectStatus(202);
    expect(bulk.accepted).toHaveLength(3_000);
    // Let the backlog reach the provider's queue before the urgent message is sent.
    const ingestion = zagel.db('ingestion');
    const finalOfBatch = async () =>
      Number((await ingestion.one<{ count: string }>(`SELECT count(*) FROM messages WHERE batch_id = $1 AND status IN ('delivered', 'failed')`, [bulk.batchId]))?.count ?? 0);
    await until(async () => (await finalOfBatch()) > 0, { what: 'the backlog to start draining', deadline: 30_000 });

    const urgent = (await customer.app.request('POST', '/v1/messages/batch', { body: { messages: [{ to: EG_MOBILE, body: 'Your code: 4321', priority: 'high' }] } }) as ApiReply<Json>).expectStatus(202);
    await reaches(customer, urgent.accepted[0].id, ['delivered'], 30_000);
    const drained = await finalOfBatch();
    expect(drained).toBeLessThan(3_000);
  }, 120_000);
});

describe('provider templates in bulk', () => {
  it("sends a CSV campaign from a template through Kavenegar's verify/lookup, each row's values on its tokens", async () => {
    const account = await provider('kavenegar', { apiKey: kavenegar.apiKey, baseUrl: kavenegar.baseUrl });
    const customer = await customerOf(account);
    kavenegar.templates.add('zagel-order');
    const template = (
      (await customer.app.request('POST', '/v1/templates', {
        body: { name: 'order shipped', body: 'Hi {{name}}, order {{order}} shipped', providerCodes: { kavenegar: 'zagel-order' } },
      })) as ApiReply<Json>
    ).expectStatus(201);
    const rows = [
      ['+989121234501', 'Sara', '4101'],
      ['+989121234502', 'Omid', '4102'],
    ];
    const form = new FormData();
    for (const [name, value] of Object.entries({ name: 'Order updates', type: 'transactional', route: 'providers', templateId: template.id, start: 'true' })) form.append(name, value);
    form.append('file', new Blob([`phone,name,order\n${rows.map((row) => row.join(',')).join('\n')}\n`], { type: 'text/csv' }), 'orders.csv');
    const campaign = ((await customer.app.postForm('/v1/campaigns', form)) as ApiReply<Json>).expectStatus(201);

    const receptors = rows.map(([phone]) => phone.slice(1));
    const lookups = await until(
      () => {
        const found = receptors.map((receptor) => kavenegar.lookups.find((lookup) => lookup.fields.receptor === receptor));
        return found.every((lookup) => lookup !== undefined) ? found : undefined;
      },
      { what: 'one verify/lookup per campaign row', deadline: 30_000 },
    );
    expect(lookups.map((lookup) => lookup!.fields)).toEqual(
      rows.map(([phone, name, order]) => ({ receptor: phone.slice(1), template: 'zagel-order', token: name, token2: order, type: 'sms' })),
    );
    expect(kavenegar.sent.filter((entry) => receptors.includes(entry.receptor))).toEqual([]);
    await until(
      async () => {
        const counters = ((await customer.app.get(`/v1/campaigns/${campaign.id}`)).body as Json).counters;
        return counters.sent + counters.delivered === rows.length;
      },
      { what: 'the campaign to count both rows sent', deadline: 20_000 },
    );
  }, 60_000);
});
