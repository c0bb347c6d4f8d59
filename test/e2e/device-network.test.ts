import { randomUUID } from 'node:crypto';
import { generateMobileNumber, SimulatedPhone, SimulatedPhoneOptions } from '@zagel/device-simulator';
import { eventually } from '@zagel/testing';
import { Customer, E2EPlatform, PhoneOwner } from './support/platform';

/**
 * The device network through the whole platform: phones registered through the public API and
 * connected with the simulator to the real device-gateway; messages sent with `POST /v1/messages`
 * and followed on the phones and in `GET /v1/messages/{id}`.
 */

interface DeviceView {
  id: string;
  online: boolean;
  paused: boolean;
  quarantined: boolean;
  dailyQuota: number;
  sentToday: number;
  healthScore: number;
  successRate: number | null;
  coolingDownUntil: string | null;
  carrier: string | null;
  earnings?: number | null;
}

interface HistoryEntry {
  status: string;
  at: string;
  route?: string;
  deviceId?: string;
  provider?: string;
  errorCode?: string;
}

interface MessageView {
  id: string;
  status: string;
  route?: string;
  deviceId?: string;
  provider?: string;
  history?: HistoryEntry[];
}

const platform = new E2EPlatform({ DEVICE_COOLDOWN_SECONDS: '30' });
let customer: Customer;
let owner: PhoneOwner;
let phones: SimulatedPhone[] = [];

interface TestPhone {
  phone: SimulatedPhone;
  deviceId: string;
  phoneNumber: string;
}

/** Registers a phone of `carrier` (EG) through `POST /v1/devices` and connects it to the device-gateway. */
async function connectPhone(carrier: string, options: Partial<SimulatedPhoneOptions> = {}, connect = true): Promise<TestPhone> {
  const phoneNumber = await generateMobileNumber('EG', carrier);
  const device = await platform.api.post<{ id: string; deviceToken: string }>(
    '/v1/devices',
    { phoneNumber, label: `${carrier} phone` },
    { bearer: owner.accessToken },
  );
  const phone = new SimulatedPhone({
    gatewayUrl: platform.deviceGatewayUrl,
    token: device.deviceToken,
    deviceId: device.id,
    phoneNumber,
    heartbeatIntervalMs: 0,
    reconnect: false,
    ...options,
  });
  phones.push(phone);
  if (connect) {
    await phone.connect();
    await eventually(async () => expect((await device_(device.id)).online).toBe(true), { timeoutMs: 10_000 });
  }
  return { phone, deviceId: device.id, phoneNumber };
}

async function devices(): Promise<DeviceView[]> {
  return (await platform.api.get<{ items: DeviceView[] }>('/v1/devices?limit=100', { bearer: owner.accessToken })).items;
}

async function device_(id: string): Promise<DeviceView> {
  const found = (await devices()).find((device) => device.id === id);
  if (!found) throw new Error(`device ${id} not listed`);
  return found;
}

async function send(to: string, extra: Record<string, unknown> = {}): Promise<string> {
  const accepted = await platform.api.post<{ id: string }>(
    '/v1/messages',
    { to, body: `Your parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route: 'devices', ...extra },
    { apiKey: customer.apiKey },
  );
  return accepted.id;
}

function message(id: string): Promise<MessageView> {
  return platform.api.get<MessageView>(`/v1/messages/${id}`, { apiKey: customer.apiKey });
}

async function messageReaches(id: string, status: string, timeoutMs = 15_000): Promise<MessageView> {
  return eventually(
    async () => {
      const view = await message(id);
      expect(view.status).toBe(status);
      return view;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

const statuses = (view: MessageView, status: string) => (view.history ?? []).filter((entry) => entry.status === status);

const vodafoneNumber = () => generateMobileNumber('EG', 'Vodafone');

beforeAll(async () => {
  await platform.start();
  customer = await platform.customer(100_000);
  owner = await platform.phoneOwner();
}, 180_000);

afterEach(async () => {
  for (const phone of phones) phone.close();
  phones = [];
  // Every phone of a test leaves the pools before the next test routes anything.
  await eventually(
    async () => {
      const pools = await platform.api.get<{ items: { onlinePhones: number }[] }>('/v1/admin/pools', { bearer: await platform.operator() });
      expect(pools.items.reduce((sum, pool) => sum + pool.onlinePhones, 0)).toBe(0);
    },
    { timeoutMs: 15_000, intervalMs: 100 },
  );
});

afterAll(async () => {
  await platform.stop();
}, 60_000);

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
    await platform.api.patch(`/v1/devices/${first.deviceId}`, { dailyQuota: 2 }, { bearer: owner.accessToken });
    await eventually(() => expect(first.phone.configs.at(-1)).toMatchObject({ dailyQuota: 2 }));

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
  // Three phones holding at most DEVICE_MAX_IN_FLIGHT (2) messages each: six at a time.
  async function busyPhones() {
    const fleet = [];
    for (let index = 0; index < 3; index += 1) {
      const phone = await connectPhone('Vodafone', { latency: { minMs: 300, maxMs: 500 } });
      await platform.api.patch(`/v1/devices/${phone.deviceId}`, { dailyQuota: 10 }, { bearer: owner.accessToken });
      fleet.push(phone);
    }
    return fleet;
  }

  async function expectNobodyPunished(fleet: TestPhone[]) {
    const listed = await Promise.all(fleet.map(({ deviceId }) => device_(deviceId)));
    for (const phone of listed) expect(phone).toMatchObject({ online: true, coolingDownUntil: null, healthScore: 1 });
    return listed;
  }

  it('as many messages as the phones can hold at once: each sent exactly once by a phone, and no phone punished for being busy', async () => {
    const fleet = await busyPhones();

    const ids = await Promise.all(Array.from({ length: 6 }, async () => send(await vodafoneNumber())));
    const views = await Promise.all(ids.map((id) => messageReaches(id, 'delivered', 20_000)));

    const carried = fleet.flatMap(({ phone }) => phone.received.map((sms) => sms.messageId));
    expect(carried.sort()).toEqual([...ids].sort());
    for (const view of views) expect(statuses(view, 'sent')).toHaveLength(1);
    const listed = await expectNobodyPunished(fleet);
    expect(listed.map((phone) => phone.sentToday)).toEqual([2, 2, 2]);
  });

  it('more than the phones can hold at once (route auto): the rest go to the providers, each message delivered once', async () => {
    const fleet = await busyPhones();

    const ids = await Promise.all(Array.from({ length: 10 }, async () => send(await vodafoneNumber(), { route: 'auto' })));
    const views = await Promise.all(ids.map((id) => messageReaches(id, 'delivered', 20_000)));

    const carried = fleet.flatMap(({ phone }) => phone.received.map((sms) => sms.messageId));
    const byPhone = views.filter((view) => view.route === 'device').map((view) => view.id);
    expect(carried.sort()).toEqual(byPhone.sort());
    expect(byPhone.length).toBeGreaterThanOrEqual(6);
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
    const view = await messageReaches(id, 'delivered', 10_000);
    const rescued = healthy.phone.received.find((sms) => sms.messageId === id);

    expect(failing.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(rescued).toBeDefined();
    // The ack timeout (1 s) plus the dispatcher's grace is the longest a failing phone holds it.
    expect(rescued!.receivedAt - started).toBeLessThan(4_000);
    expect(view).toMatchObject({ route: 'device', deviceId: healthy.deviceId });
    expect(statuses(view, 'routing').map((entry) => entry.deviceId)).toEqual([failing.deviceId, healthy.deviceId]);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: healthy.deviceId })]);

    const dropped = await eventually(async () => {
      const current = await device_(failing.deviceId);
      expect(current.online).toBe(false);
      return current;
    });
    expect(Date.parse(dropped.coolingDownUntil ?? '')).toBeGreaterThan(Date.now());
    expect(dropped.healthScore).toBeLessThan(before.healthScore);
    expect((await device_(healthy.deviceId)).online).toBe(true);
  });

  it('a late ack after the message moved on sends nothing twice', async () => {
    // Acks after 1.5 s (the ack timeout is 1 s), then would report sent 1.5 s later.
    const slow = await connectPhone('Vodafone', { latency: { minMs: 1_500, maxMs: 1_500 } });
    const healthy = await connectPhone('Vodafone');

    const id = await send(await vodafoneNumber());
    await messageReaches(id, 'delivered', 10_000);
    // Long enough for the slow phone's ack and sent to have arrived, had they been relayed.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
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
    await messageReaches(id, 'delivered', 10_000);
    await eventually(() => expect(slow.phone.connected).toBe(false));

    // Its app comes straight back and reports the message it had kept.
    await slow.phone.connect();
    await slow.phone.reportStatus(id, 'sent').catch(() => undefined);
    await slow.phone.reportStatus(id, 'delivered').catch(() => undefined);
    const next = await send(await vodafoneNumber());
    await messageReaches(next, 'delivered', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const view = await message(id);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: healthy.deviceId })]);
    expect(statuses(view, 'delivered')).toHaveLength(1);
    expect(view).toMatchObject({ status: 'delivered', deviceId: healthy.deviceId });
    expect(slow.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(healthy.phone.received.map((sms) => sms.messageId)).toEqual([id, next]);
    expect(Date.parse((await device_(slow.deviceId)).coolingDownUntil ?? '')).toBeGreaterThan(Date.now());
  });
});

describe('when no phone can carry it', () => {
  it('an empty pool hands an auto-routed message to the providers, which deliver it', async () => {
    const id = await send(await vodafoneNumber(), { route: 'auto' });
    const view = await messageReaches(id, 'delivered', 20_000);

    expect(view).toMatchObject({ route: 'provider', provider: expect.any(String) });
    expect(statuses(view, 'routing')).toEqual([]);
    expect(statuses(view, 'delivered')).toEqual([expect.objectContaining({ route: 'provider' })]);
  });

  it('a message that expires while its phone holds it is never sent by another phone', async () => {
    const silent = await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const healthy = await connectPhone('Vodafone');

    const id = await send(await vodafoneNumber(), { expiresAt: new Date(Date.now() + 700).toISOString() });
    const view = await messageReaches(id, 'expired', 10_000);
    // A phone that comes online after the expiry gets nothing either.
    const late = await connectPhone('Vodafone');
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(silent.phone.received.map((sms) => sms.messageId)).toEqual([id]);
    expect(healthy.phone.received).toEqual([]);
    expect(late.phone.received).toEqual([]);
    expect(statuses(await message(id), 'sent')).toEqual([]);
    expect(view.status).toBe('expired');
  });
});

describe('what the customer pays', () => {
  const balance = (as: Customer) => platform.api.get<{ available: number; reserved: number }>('/v1/billing/balance', { apiKey: as.apiKey });
  const settled = async (as: Customer) =>
    eventually(async () => {
      const current = await balance(as);
      expect(current.reserved).toBe(0);
      return current;
    }, { timeoutMs: 10_000 });

  it('after DEVICE_MAX_ATTEMPTS failing phones an auto message goes to the providers, and is charged once', async () => {
    const payer = await platform.customer(10_000);
    const failing = [await connectPhone('Vodafone', { behaviour: 'no-ack' }), await connectPhone('Vodafone', { failureRate: 1, failureMode: 'report' }), await connectPhone('Vodafone', { behaviour: 'disconnect-mid-send' })];
    const spare = await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const accepted = await platform.api.post<{ id: string; price: number }>(
      '/v1/messages',
      { to: await vodafoneNumber(), body: 'Your order has shipped.', type: 'transactional', route: 'auto' },
      { apiKey: payer.apiKey },
    );
    const view = await eventually(async () => {
      const current = await platform.api.get<MessageView>(`/v1/messages/${accepted.id}`, { apiKey: payer.apiKey });
      expect(current.status).toBe('delivered');
      return current;
    }, { timeoutMs: 20_000, intervalMs: 100 });

    expect(view).toMatchObject({ route: 'provider' });
    expect(statuses(view, 'routing').map((entry) => entry.deviceId)).toEqual(failing.map((phone) => phone.deviceId));
    expect(spare.phone.received).toEqual([]);
    expect(await settled(payer)).toMatchObject({ available: 10_000 - accepted.price });
  });

  it('a devices-only message that every phone fails ends failed and is not charged', async () => {
    const payer = await platform.customer(10_000);
    for (let index = 0; index < 3; index += 1) await connectPhone('Vodafone', { failureRate: 1, failureMode: 'refuse' });
    const accepted = await platform.api.post<{ id: string; price: number }>(
      '/v1/messages',
      { to: await vodafoneNumber(), body: 'Your table is ready.', type: 'transactional', route: 'devices' },
      { apiKey: payer.apiKey },
    );
    const view = await eventually(async () => {
      const current = await platform.api.get<MessageView>(`/v1/messages/${accepted.id}`, { apiKey: payer.apiKey });
      expect(current.status).toBe('failed');
      return current;
    }, { timeoutMs: 10_000, intervalMs: 100 });

    expect(statuses(view, 'routing')).toHaveLength(3);
    expect(statuses(view, 'sent')).toEqual([]);
    expect(await settled(payer)).toMatchObject({ available: 10_000 });
  });

  it('a message that expired on the phones is not charged', async () => {
    const payer = await platform.customer(10_000);
    await connectPhone('Vodafone', { behaviour: 'no-ack' });
    const accepted = await platform.api.post<{ id: string; price: number }>(
      '/v1/messages',
      { to: await vodafoneNumber(), body: 'Flash sale ends soon.', type: 'transactional', route: 'devices', expiresAt: new Date(Date.now() + 700).toISOString() },
      { apiKey: payer.apiKey },
    );
    await eventually(async () => expect((await platform.api.get<MessageView>(`/v1/messages/${accepted.id}`, { apiKey: payer.apiKey })).status).toBe('expired'), {
      timeoutMs: 10_000,
    });

    expect(accepted.price).toBeGreaterThan(0);
    expect(await settled(payer)).toMatchObject({ available: 10_000 });
  });
});

describe('owners and customers changing their minds', () => {
  it('a paused phone gets nothing until it is resumed', async () => {
    const phone = await connectPhone('Vodafone');
    await platform.api.patch(`/v1/devices/${phone.deviceId}`, { paused: true }, { bearer: owner.accessToken });
    await eventually(() => expect(phone.phone.configs.at(-1)).toMatchObject({ paused: true }));

    const whilePaused = await send(await vodafoneNumber());
    expect((await messageReaches(whilePaused, 'failed')).history).toContainEqual(expect.objectContaining({ status: 'failed', errorCode: 'no_device_available' }));
    await platform.api.patch(`/v1/devices/${phone.deviceId}`, { paused: false }, { bearer: owner.accessToken });
    await eventually(() => expect(phone.phone.configs.at(-1)).toMatchObject({ paused: false }));
    const resumed = await send(await vodafoneNumber());
    await messageReaches(resumed, 'delivered');

    expect(phone.phone.received.map((sms) => sms.messageId)).toEqual([resumed]);
  });

  it('deleting a phone that holds an accepted message moves the message to another phone', async () => {
    const holder = await connectPhone('Vodafone', { behaviour: 'ack-only' });
    const healthy = await connectPhone('Vodafone');
    const id = await send(await vodafoneNumber());
    await eventually(() => expect(holder.phone.received.map((sms) => sms.messageId)).toEqual([id]));

    // Accepted: without the delete it would wait for the send deadline (3 s).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const deleted = Date.now();
    const removed = await platform.api.request('DELETE', `/v1/devices/${holder.deviceId}`, undefined, { bearer: owner.accessToken });
    expect(removed.status).toBe(204);
    const view = await messageReaches(id, 'delivered', 10_000);
    const rescued = healthy.phone.received.find((sms) => sms.messageId === id);
    expect(rescued!.receivedAt - deleted).toBeLessThan(1_500);

    expect(view).toMatchObject({ deviceId: healthy.deviceId });
    await eventually(() => expect(holder.phone.connected).toBe(false));
    expect((await devices()).map((device) => device.id)).not.toContain(holder.deviceId);
  });

  it('a scheduled message canceled before it is due never reaches a phone', async () => {
    const phone = await connectPhone('Vodafone');
    const id = await send(await vodafoneNumber(), { scheduleAt: new Date(Date.now() + 2_000).toISOString() });
    const canceled = await platform.api.request('POST', `/v1/messages/${id}/cancel`, {}, { apiKey: customer.apiKey });
    expect(canceled.status).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 3_500));

    expect((await message(id)).status).toBe('canceled');
    expect(phone.phone.received).toEqual([]);
  });
});

describe('bad socket input', () => {
  it('is refused without touching another phone’s message', async () => {
    const carrier = await connectPhone('Vodafone', { latency: { minMs: 600, maxMs: 600 } });
    const rogue = await connectPhone('Vodafone');
    // The carrier phone was registered first: fill-first gives it the message.
    const id = await send(await vodafoneNumber());
    await eventually(() => expect(carrier.phone.received.map((sms) => sms.messageId)).toEqual([id]));

    const at = new Date().toISOString();
    expect(await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'failed', errorCode: 'stolen', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'sent', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', 'not an object')).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('sms:status', { messageId: 'not-a-uuid', status: 'exploded', at })).toMatchObject({ ok: false });
    expect(await rogue.phone.emitRaw('device:self-destruct', { now: true })).toMatchObject({ ok: false });
    // Over the 16 KB frame limit: the gateway closes that socket and nothing else.
    await rogue.phone.emitRaw('sms:status', { messageId: id, status: 'failed', errorCode: 'x'.repeat(20_000), at });

    const view = await messageReaches(id, 'delivered', 10_000);
    expect(view).toMatchObject({ route: 'device', deviceId: carrier.deviceId });
    expect(statuses(view, 'routing')).toHaveLength(1);
    expect(statuses(view, 'sent')).toEqual([expect.objectContaining({ deviceId: carrier.deviceId })]);
    expect(rogue.phone.received).toEqual([]);
    expect(carrier.phone.connected).toBe(true);
    expect(await device_(carrier.deviceId)).toMatchObject({ online: true, sentToday: 1 });
  });
});

describe('earnings in the device list', () => {
  it('shows the reward tokens each phone earned for delivering non-OTP messages', async () => {
    const earner = await connectPhone('Vodafone');
    const idle = await connectPhone('Orange');
    const before = await device_(earner.deviceId);
    expect(before.earnings).toEqual(expect.any(Number));

    const id = await send(await vodafoneNumber());
    await messageReaches(id, 'delivered');

    await eventually(async () => expect((await device_(earner.deviceId)).earnings).toBe((before.earnings ?? 0) + 1), { timeoutMs: 10_000 });
    expect((await device_(idle.deviceId)).earnings).toBe(0);
    const rewards = await platform.api.get<{ balance: number; items: { deviceId?: string; messageId: string }[] }>('/v1/rewards', { bearer: owner.accessToken });
    expect(rewards.items).toContainEqual(expect.objectContaining({ messageId: id, deviceId: earner.deviceId }));
  });

  it('an OTP a phone delivered earns its reward when the code is verified, not when it is delivered', async () => {
    const phone = await connectPhone('Vodafone', { deliveredAfterMs: 0 });
    const to = await vodafoneNumber();
    const started = await platform.api.post<{ id: string }>('/v1/verifications', { to }, { apiKey: customer.apiKey });
    const sms = await eventually(() => {
      const found = phone.phone.received.find((received) => received.to === to);
      if (!found) throw new Error('no code yet');
      return found;
    });
    await eventually(() => expect(phone.phone.statusReports.map((report) => report.status)).toEqual(['sent', 'delivered']));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await device_(phone.deviceId)).earnings).toBe(0);

    const code = /\b(\d{4,10})\b/.exec(sms.body)?.[1];
    const checked = await platform.api.post<{ valid: boolean }>('/v1/verifications/check', { verificationId: started.id, code }, { apiKey: customer.apiKey });
    expect(checked.valid).toBe(true);
    await eventually(async () => expect((await device_(phone.deviceId)).earnings).toBeGreaterThan(0), { timeoutMs: 10_000 });
  });

  it('answers the list with earnings null when billing does not answer', async () => {
    const phone = await connectPhone('Vodafone');
    await platform.processes.processes.get('billing')?.stop();

    const started = Date.now();
    const response = await platform.api.request<{ items: DeviceView[] }>('GET', '/v1/devices', undefined, { bearer: owner.accessToken });

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(response.body.items.find((device) => device.id === phone.deviceId)).toMatchObject({ online: true, earnings: null });
  });
});
