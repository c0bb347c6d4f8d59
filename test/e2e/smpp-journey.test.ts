import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { InboundSmsReceived } from '@zagel/contracts';
import { freePort, TestCustomer, TestEsme, TestPlatform, until } from '@zagel/testing';
import { JOURNEY_SETTINGS } from './support/journeys';

// A customer's SMPP link pointed at Zagel: the `smpp` package as an ESME against the gateway's SMPP server,
// messages routed to the provider simulator, whose delivery reports come back as deliver_sm receipts.

/** Messages submitted with a window of 10: a few hundred in CI, SMPP_E2E_COUNT=10000 for the full run. */
const COUNT = Number(process.env.SMPP_E2E_COUNT ?? 200);
const WINDOW = 10;
const MAX_OUTSTANDING = 20;
const STATUS = { ROK: 0x00, RINVCMDLEN: 0x02, RINVCMDID: 0x03, RINVBNDSTS: 0x04, RINVDSTADR: 0x0b, RINVPASWD: 0x0e, RTHROTTLED: 0x58 };

let smppPort: number;
let zagel: TestPlatform;

beforeAll(async () => {
  smppPort = await freePort();
  zagel = new TestPlatform({ settings: { ...JOURNEY_SETTINGS, SMPP_PORT: String(smppPort), SMPP_MAX_OUTSTANDING_SUBMITS: String(MAX_OUTSTANDING) } });
  await zagel.start();
}, 180_000);
afterAll(() => zagel?.stop(), 60_000);

interface SmppKey {
  customer: TestCustomer;
  systemId: string;
  password: string;
}

async function smppKey(credit = 100_000): Promise<SmppKey> {
  const customer = await zagel.customer({ credit });
  const key = (await customer.owner.post('/v1/api-keys', { name: 'smpp link', scopes: ['messages:send', 'messages:read'] })).expectStatus(201);
  return { customer, systemId: key.id, password: key.key };
}

async function boundEsme(key: SmppKey, command: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver' = 'bind_transceiver'): Promise<TestEsme> {
  const esme = await TestEsme.connect(smppPort);
  const bound = await esme.request(command, { system_id: key.systemId, password: key.password });
  expect(bound.command_status).toBe(STATUS.ROK);
  return esme;
}

async function messageCount(organizationId: string): Promise<number> {
  const rows = await zagel.db('ingestion').query<{ count: string }>(`SELECT count(*) FROM messages WHERE organization_id = $1`, [organizationId]);
  return Number(rows[0]!.count);
}

/** Writes raw bytes and reads one 16-byte response header. */
function rawExchange(bytes: Buffer): Promise<{ commandId: number; status: number; sequence: number }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(smppPort, '127.0.0.1', () => socket.write(bytes));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 16) {
        socket.destroy();
        resolve({ commandId: received.readUInt32BE(4), status: received.readUInt32BE(8), sequence: received.readUInt32BE(12) });
      }
    });
    socket.on('error', reject);
  });
}

function header(length: number, commandId: number, sequence: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(commandId, 4);
  buffer.writeUInt32BE(0, 8);
  buffer.writeUInt32BE(sequence, 12);
  return buffer;
}

const recipient = (index: number) => `1415555${String(index % 10_000).padStart(4, '0')}`;

describe('the SMPP server', () => {
  it(`takes ${COUNT} submits with a window of ${WINDOW} and delivers every receipt`, async () => {
    const key = await smppKey(COUNT * 10 + 1_000);
    const esme = await boundEsme(key);
    const ids = new Set<string>();
    let next = 0;
    const started = performance.now();
    const lane = async () => {
      while (next < COUNT) {
        const index = next++;
        const response = await esme.request('submit_sm', {
          destination_addr: recipient(index),
          dest_addr_ton: 1,
          registered_delivery: 1,
          short_message: `Order ${index} shipped`,
        });
        expect(response.command_status).toBe(STATUS.ROK);
        ids.add(response.message_id!);
      }
    };
    await Promise.all(Array.from({ length: WINDOW }, lane));
    const seconds = (performance.now() - started) / 1_000;
    console.log(`SMPP: ${COUNT} submit_sm in ${seconds.toFixed(1)} s, ${(COUNT / seconds).toFixed(0)} PDUs/s with a window of ${WINDOW}`);
    expect(ids.size).toBe(COUNT);

    const receipts = await until(() => (esme.delivered.length >= COUNT ? esme.delivered : undefined), {
      what: `${COUNT} delivery receipts`,
      deadline: Math.max(120_000, COUNT * 20),
      interval: 200,
    });
    const receipted = new Set(receipts.map((pdu) => pdu.receipted_message_id));
    expect([...ids].every((id) => receipted.has(id))).toBe(true);
    const sample = receipts[0]!;
    expect(sample.esm_class).toBe(0x04);
    expect(sample.message_state).toBe(2);
    const text = (sample.short_message as { message: string }).message;
    expect(text).toMatch(
      new RegExp(`^id:${sample.receipted_message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Order \\d+ shipped$`),
    );
    esme.close();
  }, Math.max(300_000, COUNT * 150));

  it('keeps receipts for a key whose receiver is not bound and delivers them on its next bind', async () => {
    const key = await smppKey();
    const transmitter = await boundEsme(key, 'bind_transmitter');
    const submitted = await transmitter.request('submit_sm', { destination_addr: recipient(1), registered_delivery: 1, short_message: 'Held receipt' });
    expect(submitted.command_status).toBe(STATUS.ROK);
    await until(async () => (await key.customer.app.get(`/v1/messages/${submitted.message_id}`)).body.status === 'delivered', { what: 'the message delivered', deadline: 30_000 });
    expect(transmitter.delivered).toHaveLength(0);
    const receiver = await boundEsme(key, 'bind_receiver');
    const receipt = await until(() => receiver.delivered.find((pdu) => pdu.receipted_message_id === submitted.message_id), { what: 'the held receipt', deadline: 30_000 });
    expect(receipt.message_state).toBe(2);
    transmitter.close();
    receiver.close();
  }, 60_000);

  it('delivers a reply to a message submitted over SMPP to the receiver of its key as an MO deliver_sm', async () => {
    const key = await smppKey();
    const esme = await boundEsme(key);
    const submitted = await esme.request('submit_sm', { destination_addr: recipient(5), short_message: 'Your table is booked' });
    expect(submitted.command_status).toBe(STATUS.ROK);
    const sent = await until(
      async () => {
        const rows = await zagel.db('ingestion').query<{ provider_account_id: string | null }>(`SELECT provider_account_id FROM messages WHERE id = $1`, [submitted.message_id]);
        return rows[0]?.provider_account_id ?? undefined;
      },
      { what: 'the message sent through a provider account', deadline: 30_000 },
    );
    // What the provider-sender publishes when the provider's inbound number receives the reply.
    const provider = await zagel.probe({ service: 'provider-sender' });
    await provider.publish(InboundSmsReceived, {
      dedupeKey: `smpp-e2e-${randomUUID()}`,
      channel: 'provider',
      providerKind: 'simulator',
      providerAccountId: sent,
      from: `+${recipient(5)}`,
      to: '+15005550006',
      body: 'Thanks! Can we make it 8 pm? 👍',
      receivedAt: new Date().toISOString(),
    });
    const mo = await until(() => esme.delivered.find((pdu) => pdu.esm_class === 0), { what: 'the MO deliver_sm', deadline: 30_000 });
    expect(mo).toEqual(expect.objectContaining({ source_addr: recipient(5), destination_addr: '15005550006' }));
    expect((mo.short_message as { message: string }).message).toBe('Thanks! Can we make it 8 pm? 👍');
    esme.close();
  }, 60_000);

  it('reassembles a concatenated UCS-2 message (16-bit reference) and a message_payload into one message each', async () => {
    const key = await smppKey();
    const esme = await boundEsme(key);
    const first = 'مرحبا، طلبك رقم 1234 ';
    const second = 'في الطريق إليك 🚚';
    const part = (sequence: number, text: string) =>
      esme.request('submit_sm', {
        destination_addr: recipient(2),
        data_coding: 8,
        esm_class: 0x40,
        short_message: { udh: Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x02, sequence]), message: text },
      });
    const [one, two] = await Promise.all([part(1, first), part(2, second)]);
    expect(one.command_status).toBe(STATUS.ROK);
    expect(two.message_id).toBe(one.message_id);
    const long = (await key.customer.app.get(`/v1/messages/${one.message_id}`)).body;
    expect(long).toEqual(expect.objectContaining({ body: first + second, encoding: 'UCS-2' }));

    const payloadText = 'A long notice that travels whole in message_payload. '.repeat(4);
    const viaPayload = await esme.request('submit_sm', { destination_addr: recipient(3), message_payload: payloadText });
    expect(viaPayload.command_status).toBe(STATUS.ROK);
    expect((await key.customer.app.get(`/v1/messages/${viaPayload.message_id}`)).body).toEqual(expect.objectContaining({ body: payloadText, segments: 2 }));
    esme.close();
  }, 60_000);

  it('refuses bad credentials, submits before bind, invalid destinations, unknown commands and malformed PDUs, sending nothing', async () => {
    const key = await smppKey();
    const wrong = await TestEsme.connect(smppPort);
    const refused = await wrong.request('bind_transceiver', { system_id: key.systemId, password: `${key.password}x` });
    expect(refused.command_status).toBe(STATUS.RINVPASWD);
    await wrong.closed();

    const unbound = await TestEsme.connect(smppPort);
    expect((await unbound.request('submit_sm', { destination_addr: recipient(4), short_message: 'too early' })).command_status).toBe(STATUS.RINVBNDSTS);
    unbound.close();

    const esme = await boundEsme(key);
    expect((await esme.request('submit_sm', { destination_addr: 'not-a-number', short_message: 'hello' })).command_status).toBe(STATUS.RINVDSTADR);
    expect((await esme.request('enquire_link')).command_status).toBe(STATUS.ROK);

    expect(await rawExchange(header(16, 0x0000_0fff, 7))).toEqual({ commandId: 0x8000_0000, status: STATUS.RINVCMDID, sequence: 7 });
    expect(await rawExchange(header(8, 0x0000_0004, 9).subarray(0, 8))).toEqual(expect.objectContaining({ commandId: 0x8000_0000, status: STATUS.RINVCMDLEN }));

    const unbound2 = await esme.request('unbind');
    expect(unbound2.command_status).toBe(STATUS.ROK);
    expect(await messageCount(key.customer.organizationId)).toBe(0);
  }, 60_000);

  it("ends a key's bound sessions once the key is revoked, and refuses its binds from then on", async () => {
    const key = await smppKey();
    const [transceiver, receiver] = [await boundEsme(key), await boundEsme(key, 'bind_receiver')];
    let ended = 0;
    for (const esme of [transceiver, receiver]) void esme.closed().then(() => (ended += 1));
    (await key.customer.owner.delete(`/v1/api-keys/${key.systemId}`)).expectStatus(204);
    await until(() => ended === 2, { what: "the revoked key's two sessions to end", deadline: 30_000 });

    const again = await TestEsme.connect(smppPort);
    expect((await again.request('bind_transmitter', { system_id: key.systemId, password: key.password })).command_status).toBe(STATUS.RINVPASWD);
    await again.closed();
  }, 60_000);

  it('answers ESME_RTHROTTLED past the session window (or the live lane admission), every other submit accepted', async () => {
    const key = await smppKey();
    const esme = await boundEsme(key);
    const responses = await Promise.all(
      Array.from({ length: MAX_OUTSTANDING * 3 }, (_, index) => esme.request('submit_sm', { destination_addr: recipient(100 + index), short_message: `burst ${index}` })),
    );
    const statuses = responses.map((response) => response.command_status);
    expect(statuses.filter((status) => status === STATUS.RTHROTTLED).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === STATUS.ROK).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === STATUS.ROK || status === STATUS.RTHROTTLED)).toBe(true);
    const accepted = responses.filter((response) => response.command_status === STATUS.ROK).length;
    expect(await messageCount(key.customer.organizationId)).toBe(accepted);
    esme.close();
  }, 60_000);
});
