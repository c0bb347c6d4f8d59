import { randomUUID } from 'node:crypto';
import { generateMobileNumber } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { E2E_TIMINGS, TestCustomer, TestPhone, TestPhoneOptions, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';

/**
 * The device network through the whole platform: phones registered through the public API and
 * connected with the simulator to the real device-gateway; messages sent with `POST /v1/messages`
 * and followed on the phones and in `GET /v1/messages/{id}`.
 */

type DeviceView = Schema<'OwnedDeviceView'>;
type MessageView = Schema<'MessageView'>;

// A phone that accepts a message holds it at most DEVICE_SEND_TIMEOUT_MS: long here, so that no test
// depends on how fast a busy machine reports; the tests of give-ups use the 1 s ack timeout.
const platform = new TestPlatform({ settings: { ...E2E_TIMINGS, DEVICE_COOLDOWN_SECONDS: '30', DEVICE_SEND_TIMEOUT_MS: '10000', OTP_RESEND_COOLDOWN_SECONDS: '0' } });
let customer: TestCustomer;
let owner: TestPhoneOwner;

/** Registers a phone of `carrier` (EG) through `POST /v1/devices` and connects it to the device-gateway. */
function connectPhone(carrier: string, options: TestPhoneOptions = {}): Promise<TestPhone> {
  return platform.phone(owner, { country: 'EG', carrier, label: `${carrier} phone`, ...options });
}

async function devices(): Promise<DeviceView[]> {
  return (await owner.api.get('/v1/devices?limit=100')).body.items;
}

async function device_(id: string): Promise<DeviceView> {
  const found = (await devices()).find((device) => device.id === id);
  if (!found) throw new Error(`device ${id} not listed`);
  return found;
}

async function send(to: string, extra: Partial<Schema<'MessageContent'>> = {}, as = customer): Promise<string> {
  const accepted = await as.app.post('/v1/messages', { to, body: `Your parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route: 'devices', ...extra });
  return accepted.body.id;
}

async function message(id: string, as = customer): Promise<MessageView> {
  return (await as.app.get(`/v1/messages/${id}`)).body;
}

function messageReaches(id: string, status: string, deadline = 15_000, as = customer): Promise<MessageView> {
  return until(
    async () => {
      const view = await message(id, as);
      // A delivered message was sent first, but the two reports may be recorded in either order.
      const complete = status !== 'delivered' || (view.history ?? []).some((entry) => entry.status === 'sent');
      return view.status === status && complete ? view : undefined;
    },
    { what: `message ${id} to be ${status}`, deadline, interval: 100 },
  );
}

const statuses = (view: MessageView, status: string) => (view.history ?? []).filter((entry) => entry.status === status);

const vodafoneNumber = () => generateMobileNumber('EG', 'Vodafone');

/** When a phone is cooling down until (a date the list gives as a string). */
const coolingDownUntil = (view: DeviceView) => Date.parse(String(view.coolingDownUntil ?? ''));

beforeAll(async () => {
  await platform.start();
  customer = await platform.customer({ credit: 100_000 });
  owner = await platform.phoneOwner();
}, 180_000);

// Every phone of a test leaves the pools before the next test routes anything.
afterEach(() => platform.emptyPools(), 30_000);

afterAll(() => platform.stop(), 60_000);

describe('routing a message to a phone', () => {
  it('sends a message to a Vodafone Egypt number from the Vodafone Egypt phone, with an Orange phone also online', async () => {
    const orange = await connectPhone('Orange');
    const vodafone = await connectPhone('Vodafone');
    const to = await vodafoneNumber();

    const id = await send(to);
    const view = await messageReaches(id, 'delivered');

    expect(vodafone.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(vodafone.phone.received[0]).toMatchObject({ to });
    expect(orange.phone.received).toEqual([]);
    expect(view).toMatchObject({ route: 'device', deviceId: vodafone.deviceId });
    expect(statuses(view, 'routing')).toEqual([expect.objectContaining({ deviceId: vodafone.deviceId })]);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: vodafone.deviceId })]);
    expect(statuses(view, 'delivered')).toHaveLength(1);
    expect(await device_(vodafone.deviceId)).toMatchObject({ sentToday: 1 });
  });

  it('fill-first: the first phone sends exactly its daily quota, then the next takes over', async () => {
    const first = await connectPhone('Vodafone');
    const second = await connectPhone('Vodafone');
    (await owner.api.patch(`/v1/devices/${first.deviceId}`, { dailyQuota: 2 })).expectStatus(200);
    await until(() => first.phone.configs.at(-1)?.dailyQuota === 2, { what: 'the first phone to be told its quota' });

    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      ids.push(await send(await vodafoneNumber()));
      await messageReaches(ids[index], 'delivered');
    }

    expect(first.phone.received.map((sms) => sms.messageId)).toEqual(ids.slice(0, 2));
    expect(second.phone.received.map((sms) => sms.messageId)).toEqual(ids.slice(2));
    expect(await device_(first.deviceId)).toMatchObject({ dailyQuota: 2, sentToday: 2 });
    expect(await device_(second.deviceId)).toMatchObject({ sentToday: 2 });
  });
});

describe('a burst', () => {
  // Three phones holding at most DEVICE_MAX_IN_FLIGHT (2) messages each: six at a time. They accept at
  // once and keep what they accepted until the test lets them report it, so "busy" does not depend on
  // how fast the machine is.
  async function busyPhones(): Promise<TestPhone[]> {
    const fleet = [];
    for (let index = 0; index < 3; index += 1) {
      const phone = await connectPhone('Vodafone', { behaviour: 'ack-only' });
      (await owner.api.patch(`/v1/devices/${phone.deviceId}`, { dailyQuota: 10 })).expectStatus(200);
      fleet.push(phone);
    }
    return fleet;
  }

  const held = (fleet: TestPhone[]) => fleet.flatMap(({ phone }) => phone.received.map((sms) => sms.messageId));

  /** Each phone reports what it holds sent, then delivered, as a phone that got its SMS out does. */
  async function release(fleet: TestPhone[]): Promise<void> {
    for (const { phone } of fleet) {
      for (const sms of phone.received) {
        expect(await phone.reportStatus(sms.messageId, 'sent')).toEqual({ ok: true });
        expect(await phone.reportStatus(sms.messageId, 'delivered')).toEqual({ ok: true });
      }
    }
  }

  async function expectNobodyPunished(fleet: TestPhone[]) {
    const listed = await Promise.all(fleet.map(({ deviceId }) => device_(deviceId)));
    for (const phone of listed) expect(phone).toMatchObject({ online: true, coolingDownUntil: null, healthScore: 1 });
    return listed;
  }

  it('as many messages as the phones can hold at once: each sent exactly once by a phone, and no phone punished for being busy', async () => {
    const fleet = await busyPhones();

    const ids = await Promise.all(Array.from({ length: 6 }, async () => send(await vodafoneNumber())));
    await until(() => held(fleet).length === 6, { what: 'the phones to hold all six messages' });
    await release(fleet);
    await Promise.all(ids.map((id) => messageReaches(id, 'delivered')));
    // `delivered` may be recorded before its `sent` (reports are handled concurrently): read the histories once all is in.
    await platform.drained();
    const views = await Promise.all(ids.map((id) => message(id)));

    expect(held(fleet).sort()).toEqual([...ids].sort());
    for (const view of views) expect(statuses(view, 'sent')).toHaveLength(1);
    const listed = await expectNobodyPunished(fleet);
    expect(listed.map((phone) => phone.sentToday)).toEqual([2, 2, 2]);
  });

  it('more than the phones can hold at once (route auto): the rest go to the providers, each message delivered once', async () => {
    const fleet = await busyPhones();

    const ids = await Promise.all(Array.from({ length: 10 }, async () => send(await vodafoneNumber(), { route: 'auto' })));
    // While the phones hold six, the other four cannot wait for them.
    await until(() => held(fleet).length === 6, { what: 'the phones to hold six messages' });
    const overflow = ids.filter((id) => !held(fleet).includes(id));
    const byProviders = await Promise.all(overflow.map((id) => messageReaches(id, 'delivered')));
    await release(fleet);
    await Promise.all(ids.map((id) => messageReaches(id, 'delivered')));
    await platform.drained();
    const views = await Promise.all(ids.map((id) => message(id)));

    expect(byProviders.map((view) => view.route)).toEqual(['provider', 'provider', 'provider', 'provider']);
    const byPhone = views.filter((view) => view.route === 'device').map((view) => view.id);
    expect(held(fleet).sort()).toEqual(byPhone.sort());
    expect(byPhone).toHaveLength(6);
    for (const view of views) expect(statuses(view, 'delivered')).toHaveLength(1);
    await expectNobodyPunished(fleet);
  });
});

describe('a phone that fails its message', () => {
  it.each([
    ['never acknowledges the push', { behaviour: 'no-ack' as const }],
    ['reports failed', { failureRate: 1, failureMode: 'report' as const }],
    ['disconnects mid-send', { behaviour: 'disconnect-mid-send' as const }],
  ])('%s: the message moves to another phone within the timeout, and the failing phone is dropped', async (_case, options) => {
    const failing = await connectPhone('Vodafone', options);
    const healthy = await connectPhone('Vodafone');
    const before = await device_(failing.deviceId);

    const started = Date.now();
    const id = await send(await vodafoneNumber());
    const view = await messageReaches(id, 'delivered');
    const rescued = healthy.phone.received.find((sms) => sms.messageId === id);

    expect(failing.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(rescued).toBeDefined();
    // Moved on after the 1 s ack timeout (plus the dispatcher's grace), long before the 10 s send timeout.
    expect(rescued!.receivedAt - started).toBeLessThan(6_000);
    expect(view).toMatchObject({ route: 'device', deviceId: healthy.deviceId });
    expect(statuses(view, 'routing').map((entry) => entry.deviceId)).toEqual([failing.deviceId, healthy.deviceId]);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: healthy.deviceId })]);

    const dropped = await until(
      async () => {
        const current = await device_(failing.deviceId);
        return current.online ? undefined : current;
      },
      { what: 'the failing phone to be dropped' },
    );
    expect(coolingDownUntil(dropped)).toBeGreaterThan(Date.now());
    expect(dropped.healthScore).toBeLessThan(before.healthScore);
    expect((await device_(healthy.deviceId)).online).toBe(true);
  });

  it('a late ack after the message moved on sends nothing twice', async () => {
    // Acks after 1.5 s (the ack timeout is 1 s), then reports sent and delivered 1.5 s later.
    const slow = await connectPhone('Vodafone', { latency: { minMs: 1_500, maxMs: 1_500 } });
    const healthy = await connectPhone('Vodafone');

    const id = await send(await vodafoneNumber());
    await messageReaches(id, 'delivered');
    // Nothing more can come from the slow phone: its late reports were answered, or it was dropped.
    await until(() => !slow.phone.connected || slow.phone.statusReports.some((report) => report.status === 'delivered'), {
      what: 'the slow phone to be dropped or to have reported',
    });
    await platform.drained();
    const view = await message(id);

    expect(slow.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(healthy.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    const acceptedReports = [slow, healthy].flatMap(({ phone, deviceId }) =>
      phone.statusReports.filter((report) => report.status === 'sent' && report.ack.ok).map(() => deviceId),
    );
    expect(acceptedReports).toEqual([healthy.deviceId]);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: healthy.deviceId })]);
    expect(statuses(view, 'delivered')).toHaveLength(1);
    expect(view).toMatchObject({ status: 'delivered', deviceId: healthy.deviceId });
  });

  it('a dropped phone that reconnects at once and reports sent for the old message changes nothing, and gets no new message while cooling down', async () => {
    const slow = await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const healthy = await connectPhone('Vodafone');
    const id = await send(await vodafoneNumber());
    await messageReaches(id, 'delivered');
    await until(() => !slow.phone.connected, { what: 'the slow phone to be disconnected' });

    // Its app comes straight back and reports the message it had kept.
    await slow.phone.connect();
    await slow.phone.reportStatus(id, 'sent').catch(() => undefined);
    await slow.phone.reportStatus(id, 'delivered').catch(() => undefined);
    const next = await send(await vodafoneNumber());
    await messageReaches(next, 'delivered');
    await platform.drained();

    const view = await message(id);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: healthy.deviceId })]);
    expect(statuses(view, 'delivered')).toHaveLength(1);
    expect(view).toMatchObject({ status: 'delivered', deviceId: healthy.deviceId });
    expect(slow.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(healthy.phone.received.map((sms) => sms.messageId)).toEqual([id, next]);
    expect(coolingDownUntil(await device_(slow.deviceId))).toBeGreaterThan(Date.now());
  });
});

describe('when no phone can carry it', () => {
  it('an empty pool hands an auto-routed message to the providers, which deliver it', async () => {
    const id = await send(await vodafoneNumber(), { route: 'auto' });
    const view = await messageReaches(id, 'delivered');

    expect(view).toMatchObject({ route: 'provider', provider: expect.any(String) });
    expect(statuses(view, 'routing')).toEqual([]);
    expect(statuses(view, 'delivered')).toEqual([expect.objectContaining({ route: 'provider' })]);
  });

  it('a message that expires while its phone holds it is never sent by another phone', async () => {
    const silent = await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const healthy = await connectPhone('Vodafone');

    const id = await send(await vodafoneNumber(), { expiresAt: new Date(Date.now() + 700).toISOString() });
    const view = await messageReaches(id, 'expired');
    // A phone that comes online after the expiry gets nothing either: once the dispatcher has
    // configured it (it knows the phone is there) and the platform is idle, nothing was offered to it.
    const late = await connectPhone('Vodafone');
    await until(() => late.phone.configs.length > 0, { what: 'the dispatcher to configure the late phone' });
    await platform.drained();

    expect(silent.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(healthy.phone.received).toEqual([]);
    expect(late.phone.received).toEqual([]);
    expect(statuses(await message(id), 'sent')).toEqual([]);
    expect(view.status).toBe('expired');
  });
});

describe('what the customer pays', () => {
  const settled = (payer: TestCustomer) =>
    until(
      async () => {
        const balance = (await payer.app.get('/v1/billing/balance')).body;
        return balance.reserved === 0 ? balance : undefined;
      },
      { what: 'the reservation to be settled' },
    );

  it('after DEVICE_MAX_ATTEMPTS failing phones an auto message goes to the providers, and is charged once', async () => {
    const payer = await platform.customer({ credit: 10_000 });
    const failing = [
      await connectPhone('Vodafone', { behaviour: 'no-ack' }),
      await connectPhone('Vodafone', { failureRate: 1, failureMode: 'report' }),
      await connectPhone('Vodafone', { behaviour: 'disconnect-mid-send' }),
    ];
    const spare = await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const accepted = (await payer.app.post('/v1/messages', { to: await vodafoneNumber(), body: 'Your order has shipped.', type: 'transactional', route: 'auto' })).body;
    const view = await messageReaches(accepted.id, 'delivered', 20_000, payer);

    expect(view).toMatchObject({ route: 'provider' });
    expect(statuses(view, 'routing').map((entry) => entry.deviceId)).toEqual(failing.map((phone) => phone.deviceId));
    expect(spare.phone.received).toEqual([]);
    expect(await settled(payer)).toMatchObject({ available: 10_000 - accepted.price });
  });

  it('a devices-only message that every phone fails ends failed and is not charged', async () => {
    const payer = await platform.customer({ credit: 10_000 });
    for (let index = 0; index < 3; index += 1) await connectPhone('Vodafone', { failureRate: 1, failureMode: 'refuse' });
    const accepted = (await payer.app.post('/v1/messages', { to: await vodafoneNumber(), body: 'Your table is ready.', type: 'transactional', route: 'devices' })).body;
    const view = await messageReaches(accepted.id, 'failed', 15_000, payer);

    expect(statuses(view, 'routing')).toHaveLength(3);
    expect(statuses(view, 'sent')).toEqual([]);
    expect(await settled(payer)).toMatchObject({ available: 10_000 });
  });

  it('a message that expired on the phones is not charged', async () => {
    const payer = await platform.customer({ credit: 10_000 });
    await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const expiresAt = new Date(Date.now() + 700).toISOString();
    const accepted = (await payer.app.post('/v1/messages', { to: await vodafoneNumber(), body: 'Flash sale ends soon.', type: 'transactional', route: 'devices', expiresAt })).body;
    await messageReaches(accepted.id, 'expired', 15_000, payer);

    expect(accepted.price).toBeGreaterThan(0);
    expect(await settled(payer)).toMatchObject({ available: 10_000 });
  });
});

describe('owners and customers changing their minds', () => {
  it('a paused phone gets nothing until it is resumed', async () => {
    const phone = await connectPhone('Vodafone');
    (await owner.api.patch(`/v1/devices/${phone.deviceId}`, { paused: true })).expectStatus(200);
    await until(() => phone.phone.configs.at(-1)?.paused === true, { what: 'the phone to be told it is paused' });

    const whilePaused = await send(await vodafoneNumber());
    expect((await messageReaches(whilePaused, 'failed')).history).toContainEqual(expect.objectContaining({ status: 'failed', errorCode: 'no_device_available' }));
    (await owner.api.patch(`/v1/devices/${phone.deviceId}`, { paused: false })).expectStatus(200);
    await until(() => phone.phone.configs.at(-1)?.paused === false, { what: 'the phone to be told it is resumed' });
    const resumed = await send(await vodafoneNumber());
    await messageReaches(resumed, 'delivered');

    expect(phone.phone.received.map((sms) => sms.messageId)).toEqual([resumed]);
  });

  it('deleting a phone that holds an accepted message moves the message to another phone', async () => {
    const holder = await connectPhone('Vodafone', { behaviour: 'ack-only' });
    const healthy = await connectPhone('Vodafone');
    const id = await send(await vodafoneNumber());
    await until(() => holder.phone.received.some((sms) => sms.messageId === id), { what: 'the holder to receive the message' });
    // Its acceptance has reached the dispatcher: without the delete the message would wait for the send deadline (10 s).
    await platform.drained();

    const deleted = Date.now();
    const removed = await owner.api.delete(`/v1/devices/${holder.deviceId}`);
    expect(removed.status).toBe(204);
    const view = await messageReaches(id, 'delivered');
    const rescued = healthy.phone.received.find((sms) => sms.messageId === id);
    expect(rescued!.receivedAt - deleted).toBeLessThan(5_000);

    expect(view).toMatchObject({ deviceId: healthy.deviceId });
    await until(() => !holder.phone.connected, { what: 'the deleted phone to be disconnected' });
    expect((await devices()).map((device) => device.id)).not.toContain(holder.deviceId);
  });

  it('a scheduled message canceled before it is due never reaches a phone', async () => {
    const phone = await connectPhone('Vodafone');
    const due = Date.now() + 2_000;
    const id = await send(await vodafoneNumber(), { scheduleAt: new Date(due).toISOString() });
    const canceled = await customer.app.post(`/v1/messages/${id}/cancel`);
    expect(canceled.status).toBeLessThan(300);
    // A message due after it: once the scheduler has sent that one, it has passed the canceled one's time.
    const later = await send(await vodafoneNumber(), { scheduleAt: new Date(due + 500).toISOString() });
    await messageReaches(later, 'delivered');
    await platform.drained();

    expect((await message(id)).status).toBe('canceled');
    expect(phone.phone.received.map((sms) => sms.messageId)).toEqual([later]);
  });
});

describe('bad socket input', () => {
  it('is refused without touching another phone’s message', async () => {
    const carrier = await connectPhone('Vodafone', { behaviour: 'ack-only' });
    const rogue = await connectPhone('Vodafone');
    // The carrier phone was registered first: fill-first gives it the message.
    const id = await send(await vodafoneNumber());
    await until(() => carrier.phone.received.some((sms) => sms.messageId === id), { what: 'the carrier phone to receive the message' });

    const at = new Date().toISOString();
    expect(await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'failed', errorCode: 'stolen', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'sent', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', 'not an object')).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', { messageId: 'not-a-uuid', status: 'exploded', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('device:self-destruct', { now: true })).toMatchObject({ ok: false });
    // Over the 16 KB frame limit: the gateway closes that socket and nothing else.
    await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'failed', errorCode: 'x'.repeat(20_000), at });
    await until(() => !rogue.phone.connected, { what: 'the rogue phone to be disconnected' });

    expect(await carrier.phone.reportStatus(id, 'sent')).toEqual({ ok: true });
    expect(await carrier.phone.reportStatus(id, 'delivered')).toEqual({ ok: true });
    const view = await messageReaches(id, 'delivered');
    expect(view).toMatchObject({ route: 'device', deviceId: carrier.deviceId });
    expect(statuses(view, 'routing')).toHaveLength(1);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: carrier.deviceId })]);
    expect(rogue.phone.received).toEqual([]);
    expect(carrier.phone.connected).toBe(true);
    expect(await device_(carrier.deviceId)).toMatchObject({ online: true, sentToday: 1 });
  });
});

describe('earnings in the device list', () => {
  it("a non-OTP message a phone reports delivered earns only a pending reward (paid once a canary proves the phone; none run in this file)", async () => {
    const earner = await connectPhone('Vodafone');
    const idle = await connectPhone('Orange');
    const before = Number((await device_(earner.deviceId)).earnings);
    expect(before).toEqual(expect.any(Number));
    const pendingBefore = Number((await owner.api.get('/v1/rewards')).body.pendingTokens);

    const id = await send(await vodafoneNumber());
    await messageReaches(id, 'delivered');

    await until(async () => Number((await owner.api.get('/v1/rewards')).body.pendingTokens) === pendingBefore + 1, { what: "the earner's reward to be pending" });
    await platform.drained();
    expect(Number((await device_(earner.deviceId)).earnings)).toBe(before);
    expect((await device_(idle.deviceId)).earnings).toBe(0);
    const rewards = (await owner.api.get('/v1/rewards')).body;
    expect(rewards.items).not.toContainEqual(expect.objectContaining({ messageId: id }));
  });

  it('an OTP a phone delivered earns its reward when the code is verified, not when it is delivered', async () => {
    const phone = await connectPhone('Vodafone', { deliveredAfterMs: 0 });
    const to = await vodafoneNumber();
    const started = (await customer.app.post('/v1/verifications', { to })).body;
    const sms = await until(() => phone.phone.received.find((received) => received.to === to), { what: 'the code to reach the phone' });
    await until(() => phone.phone.statusReports.map((report) => report.status).join() === 'sent,delivered', { what: 'the phone to report sent and delivered' });
    await platform.drained();
    expect((await device_(phone.deviceId)).earnings).toBe(0);

    const code = /\b(\d{4,10})\b/.exec(sms.body)?.[1] ?? '';
    const checked = (await customer.app.post('/v1/verifications/check', { verificationId: started.id, code })).body;
    expect(checked.valid).toBe(true);
    await until(async () => Number((await device_(phone.deviceId)).earnings) > 0, { what: 'the reward for the verified code' });
  });

  // Last in the file: billing stays down.
  it('answers the list with earnings null when billing does not answer', async () => {
    const phone = await connectPhone('Vodafone');
    await platform.instance('billing').stop();

    const started = Date.now();
    const response = await owner.api.get('/v1/devices');

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(response.body.items.find((device) => device.id === phone.deviceId)).toMatchObject({ online: true, earnings: null });
  });
});
