import { randomUUID } from 'node:crypto';
import { PLATFORM_ORGANIZATION_ID } from '@zagel/contracts';
import { generateMobileNumber, SimulatedAir } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { E2E_TIMINGS, expectProblem, FakeTwilio, TestCustomer, TestPhone, TestPhoneOptions, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';

/**
 * A phone proves it holds its number before it gets traffic (DESIGN.md, "Device-pool integrity"):
 * registered through the public API it is `unverified`; a code goes to its number through a provider
 * (here a fake Twilio, the operator's route for the platform's own messages) or another pool phone;
 * the phone's own `sms:received` (or its owner typing the code) proves it, and only then is it routed to.
 */

type DeviceView = Schema<'OwnedDeviceView'>;

const platform = new TestPlatform({
  services: ['auth', 'api-gateway', 'billing', 'ingestion', 'pool-dispatcher', 'device-gateway', 'provider-sender'],
  settings: { ...E2E_TIMINGS, DEVICE_NUMBER_PROOF: 'required', DEVICE_SEND_TIMEOUT_MS: '10000' },
});
let twilio: FakeTwilio;
let customer: TestCustomer;
let owner: TestPhoneOwner;
let stranger: TestPhoneOwner;

const PROOF = /^Your Zagel device code is ([0-9]{6})$/;

beforeAll(async () => {
  await platform.start();
  twilio = platform.closeOnStop(await FakeTwilio.start());
  const operator = await platform.asOperator();
  const provider = (
    await operator.post('/v1/admin/providers', {
      name: `twilio-${randomUUID().slice(0, 8)}`,
      kind: 'twilio',
      settings: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550100', apiBaseUrl: twilio.baseUrl },
    })
  ).expectStatus(201);
  // The platform's own messages (number proofs) leave through Twilio; customers keep the default route.
  (await operator.post('/v1/admin/routes', { country: '*', organizationId: PLATFORM_ORGANIZATION_ID, providers: [provider.id] })).expectStatus(201);
  customer = await platform.customer({ credit: 100_000 });
  owner = await platform.phoneOwner();
  stranger = await platform.phoneOwner();
}, 180_000);

// Every phone of a test leaves the pools before the next test routes anything.
afterEach(() => platform.emptyPools(), 30_000);

afterAll(() => platform.stop(), 60_000);

function vodafonePhone(of: TestPhoneOwner, options: TestPhoneOptions = {}): Promise<TestPhone> {
  return platform.phone(of, { country: 'EG', carrier: 'Vodafone', label: 'Vodafone phone', ...options });
}

async function deviceOf(of: TestPhoneOwner, id: string): Promise<DeviceView> {
  const found = (await of.api.get('/v1/devices?limit=100')).body.items.find((device) => device.id === id);
  if (!found) throw new Error(`device ${id} not listed`);
  return found;
}

async function verified(of: TestPhoneOwner, id: string): Promise<DeviceView> {
  try {
    return await until(
      async () => {
        const device = await deviceOf(of, id);
        return device.verification === 'verified' ? device : undefined;
      },
      { what: `device ${id} to be verified`, interval: 100 },
    );
  } catch (error) {
    const dispatcherSaid = platform.instance('pool-dispatcher').output.filter((line) => line.includes(id));
    throw new Error(`${error instanceof Error ? error.message : String(error)}; pool-dispatcher said of it:\n${dispatcherSaid.join('\n')}`);
  }
}

/** The proof codes Twilio was asked to send to `number` so far (waits for `count` of them). */
async function twilioProofsTo(number: string, count = 1): Promise<string[]> {
  return until(
    () => {
      const codes = twilio.messages.filter((sms) => sms.to === number).map((sms) => PROOF.exec(sms.body)?.[1]);
      return codes.length >= count && codes.every((code) => code !== undefined) ? (codes as string[]) : undefined;
    },
    { what: `${count} proof code(s) to ${number} through Twilio`, deadline: 20_000, interval: 100 },
  );
}

/** A customer's single send that may only go to a phone, to a Vodafone Egypt number. */
async function sendToVodafone(): Promise<{ id: string; to: string }> {
  const to = await generateMobileNumber('EG', 'Vodafone');
  const accepted = await customer.app.post('/v1/messages', { to, body: `Parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route: 'devices' });
  return { id: accepted.body.id, to };
}

function messageStatus(id: string, status: string): Promise<unknown> {
  return until(
    async () => {
      const view = (await customer.app.get(`/v1/messages/${id}`)).body;
      return view.status === status ? view : undefined;
    },
    { what: `message ${id} to be ${status}`, deadline: 20_000, interval: 100 },
  );
}

/** An online, verified Vodafone phone of `of`: its proof read off Twilio and carried to it as its SIM would. */
async function provenPhone(of: TestPhoneOwner, options: TestPhoneOptions = {}): Promise<TestPhone> {
  const phone = await vodafonePhone(of, options);
  const [code] = await twilioProofsTo(phone.phoneNumber);
  expect(await phone.phone.receiveSms('+14155550100', `Your Zagel device code is ${code}`)).toEqual({ ok: true });
  await verified(of, phone.deviceId);
  return phone;
}

describe('a new phone', () => {
  it('is unverified and gets no traffic until its own sms:received brings back the code sent to its number; then it does', async () => {
    const phone = await vodafonePhone(owner);
    const listed = await deviceOf(owner, phone.deviceId);
    expect(listed).toMatchObject({ verification: 'unverified', online: true });

    // With no verified phone in the pool, the proof leaves through the provider, never through the phone itself.
    const [code] = await twilioProofsTo(phone.phoneNumber);
    const refused = await sendToVodafone();
    await messageStatus(refused.id, 'failed');
    expect(phone.phone.received).toHaveLength(0);

    // What the phone's SIM receives it reports; a proof SMS that is not the code proves nothing.
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await phone.phone.receiveSms('+14155550100', `Your Zagel device code is ${wrong}`)).toEqual({ ok: true });
    expect(await phone.phone.receiveSms('+14155550100', `Your Zagel device code is ${code}`)).toEqual({ ok: true });
    await verified(owner, phone.deviceId);

    const routed = await sendToVodafone();
    await until(() => phone.phone.received.find((sms) => sms.to === routed.to), { what: 'the verified phone to get the message', interval: 100 });
  });

  it('is proven by the code another owner’s verified pool phone sends over the air', async () => {
    const air = new SimulatedAir();
    const carrier = await provenPhone(stranger, { air });
    const newcomer = await vodafonePhone(owner, { air });

    // The pool phone sends the code (the claimant's own phones never carry it); its SMS reaches the
    // newcomer's SIM, whose sms:received proves the number with nobody typing anything.
    await verified(owner, newcomer.deviceId);
    const carried = carrier.phone.received.find((sms) => sms.to === newcomer.phoneNumber);
    expect(carried?.body).toMatch(PROOF);
    expect(air.deliveries).toContainEqual(expect.objectContaining({ to: newcomer.phoneNumber, delivered: true }));
    expect(newcomer.phone.received).toHaveLength(0);
    expect(twilio.messages.filter((sms) => sms.to === newcomer.phoneNumber)).toHaveLength(0);
  });
});

describe('the owner types the code', () => {
  it('verifies with the right one; wrong ones count, five end the code, and another owner sees no such phone', async () => {
    const phone = await vodafonePhone(owner, { connect: false });
    const [code] = await twilioProofsTo(phone.phoneNumber);
    const wrong = code === '999999' ? '999998' : '999999';

    expectProblem(await stranger.api.post(`/v1/devices/${phone.deviceId}/verify`, { code }), 404, 'device_not_found');
    const first = expectProblem(await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code: wrong }), 422, 'incorrect_code');
    expect(first.attemptsLeft).toBe(4);
    const typed = await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code });
    expect(typed.status).toBe(200);
    expect(typed.body).toMatchObject({ id: phone.deviceId, verification: 'verified' });
    expectProblem(await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code }), 409, 'device_already_verified');
    expectProblem(await owner.api.post(`/v1/devices/${phone.deviceId}/proof`), 409, 'device_already_verified');
  });

  it('after five wrong codes even the right one is refused; a new code comes no sooner than the cool-down', async () => {
    const phone = await vodafonePhone(owner, { connect: false });
    const [code] = await twilioProofsTo(phone.phoneNumber);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let attempt = 1; attempt <= 5; attempt += 1) expectProblem(await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code: wrong }), 422, 'incorrect_code');
    expectProblem(await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code }), 429, 'too_many_attempts');
    expect((await owner.api.post(`/v1/devices/${phone.deviceId}/verify`, { code: 'abc' })).status).toBe(400);
    const again = await owner.api.post(`/v1/devices/${phone.deviceId}/proof`);
    expectProblem(again, 429, 'resend_cooldown');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await deviceOf(owner, phone.deviceId)).verification).toBe('unverified');
  });
});

describe('a number another phone holds', () => {
  it('can be claimed again, stays with the old phone until the claim is proven, then moves', async () => {
    const holder = await provenPhone(stranger);
    expectProblem(await stranger.api.post('/v1/devices', { phoneNumber: holder.phoneNumber, label: 'twice' }), 409, 'phone_number_taken');

    const claimed = (await owner.api.post('/v1/devices', { phoneNumber: holder.phoneNumber, label: 'my SIM now' })).expectStatus(201);
    expect(claimed.verification).toBe('unverified');
    const [code] = await twilioProofsTo(holder.phoneNumber, 2).then((codes) => codes.slice(1));
    // Until then the old phone keeps the number and its traffic.
    const before = await sendToVodafone();
    await until(() => holder.phone.received.find((sms) => sms.to === before.to), { what: 'the holder to keep its traffic', interval: 100 });
    expect((await deviceOf(stranger, holder.deviceId)).verification).toBe('verified');

    const typed = await owner.api.post(`/v1/devices/${claimed.id}/verify`, { code });
    expect(typed.body.verification).toBe('verified');
    expect((await deviceOf(stranger, holder.deviceId)).verification).toBe('unverified');
    const after = await sendToVodafone();
    await messageStatus(after.id, 'failed');
    expect(holder.phone.received.find((sms) => sms.to === after.to)).toBeUndefined();
  });
});
