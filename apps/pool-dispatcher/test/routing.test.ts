import { v7 as uuidv7 } from 'uuid';
import { MessageStatusChanged } from '@zagel/contracts';
import { eventually, TestPlatform, until } from '@zagel/testing';
import { DispatchDesk } from './support/dispatch-desk';

const VODAFONE_EG = '+20100';
const ORANGE_EG = '+20120';
const ETISALAT_EG = '+20111';

const ACK_TIMEOUT_MS = 800;
const SEND_TIMEOUT_MS = 3_000;
const platform = new TestPlatform({
  services: ['auth', 'pool-dispatcher'],
  settings: {
  DEVICE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
  DEVICE_SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS),
  DEVICE_COOLDOWN_SECONDS: '120',
  DEVICE_MAX_ATTEMPTS: '3',
  LEASE_POLL_INTERVAL_MS: '50',
  DISPATCH_STRATEGY: 'fill-first',
},
});
let dispatch: DispatchDesk;

beforeAll(async () => {
  await platform.start();
  dispatch = await DispatchDesk.open(platform);
}, 120_000);
afterAll(() => platform.stop(), 60_000);
afterEach(() => dispatch.disconnectAll());

describe('pools', () => {
  it('sends a Vodafone Egypt number from a Vodafone Egypt phone, and a number of an empty carrier pool from the EG country pool', async () => {
    const orange = await dispatch.registerPhone(ORANGE_EG);
    const vodafone = await dispatch.registerPhone(VODAFONE_EG);
    expect(vodafone).toMatchObject({ country: 'EG', carrier: 'vodafone' });
    await dispatch.connect(orange.id, vodafone.id);

    const toVodafone = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(toVodafone.messageId, 1);
    expect(push.payload).toMatchObject({ deviceId: vodafone.id, to: toVodafone.to, body: toVodafone.body });
    const sent = await dispatch.waitForStatus(toVodafone.messageId, 'sent');
    expect(sent).toMatchObject({ route: 'device', deviceId: vodafone.id, organizationId: toVodafone.organizationId });
    expect(sent.deviceOwnerId).toEqual(expect.any(String));
    expect((await dispatch.waitForStatus(toVodafone.messageId, 'routing')).deviceId).toBe(vodafone.id);

    // No Etisalat phone online: the EG pool's first phone (fill-first: the first registered) takes it.
    const toEtisalat = await dispatch.request({ to: dispatch.number(ETISALAT_EG) });
    const [fallback] = await dispatch.waitForPushes(toEtisalat.messageId, 1);
    expect(fallback.payload.deviceId).toBe(orange.id);
    await dispatch.waitForStatus(toEtisalat.messageId, 'sent');
  }, 30_000);

  it("the SIM's operator, reported in heartbeats, overrides the carrier read from the number", async () => {
    const switched = await dispatch.registerPhone(VODAFONE_EG);
    const vodafone = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(switched.id, vodafone.id);
    await dispatch.heartbeat(switched.id, { mcc: '602', mnc: '01', name: 'Orange EG' });
    await eventually(async () => expect(await dispatch.device(switched.id)).toMatchObject({ carrier: 'orange', simMcc: '602', simMnc: '01' }));

    // fill-first would pick the first registered phone, but it has left the Vodafone pool.
    const toVodafone = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    expect((await dispatch.waitForPushes(toVodafone.messageId, 1))[0].payload.deviceId).toBe(vodafone.id);
    const toOrange = await dispatch.request({ to: dispatch.number(ORANGE_EG) });
    expect((await dispatch.waitForPushes(toOrange.messageId, 1))[0].payload.deviceId).toBe(switched.id);
  }, 30_000);

  it('fill-first: the first phone sends exactly its quota, then the next takes over', async () => {
    const first = await dispatch.registerPhone(VODAFONE_EG);
    const second = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(first.id, second.id);
    await dispatch.setQuota(first.id, 2);
    // The phone is told its new settings at once.
    await eventually(() => expect(dispatch.configures).toContainEqual({ deviceId: first.id, dailyQuota: 2, paused: false }));

    const devices: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
      const [push] = await dispatch.waitForPushes(request.messageId, 1);
      await dispatch.waitForStatus(request.messageId, 'sent');
      devices.push(push.payload.deviceId);
    }
    expect(devices).toEqual([first.id, first.id, second.id, second.id]);
  }, 30_000);
});

describe('a failing phone loses the message to the next one and is dropped', () => {
  async function twoPhones(failing: 'silent' | 'rejects' | 'fails' | 'manual') {
    const bad = await dispatch.registerPhone(VODAFONE_EG, failing);
    const good = await dispatch.registerPhone(VODAFONE_EG, 'sends');
    await dispatch.connect(bad.id, good.id);
    return { bad, good };
  }

  async function expectMovedOn(messageId: string, bad: string, good: string, withinMs: number) {
    const pushes = await dispatch.waitForPushes(messageId, 2, withinMs + 5_000);
    expect(pushes.map((push) => push.payload.deviceId)).toEqual([bad, good]);
    expect(pushes[1].receivedAt - pushes[0].receivedAt).toBeLessThan(withinMs);
    const sent = await dispatch.waitForStatus(messageId, 'sent');
    expect(sent.deviceId).toBe(good);
    await eventually(() => expect(dispatch.disconnects).toContainEqual(expect.objectContaining({ deviceId: bad, reason: 'dropped_from_pool' })));
  }

  it('no ack within the timeout', async () => {
    const { bad, good } = await twoPhones('silent');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    // This fake gateway never reports ack_timeout: the dispatcher's backstop (ack timeout + 1 s grace)
    // moves it at the next lease poll (50 ms); the bound leaves room for a loaded machine.
    await expectMovedOn(request.messageId, bad.id, good.id, ACK_TIMEOUT_MS + 2_000);
    const [attempt] = await dispatch.query<{ outcome: string }>(`SELECT outcome FROM delivery_attempts WHERE device_id = $1`, [bad.id]);
    expect(attempt.outcome).toBe('timed_out');
    await eventually(async () => expect(await dispatch.device(bad.id)).toMatchObject({ sentToday: 0, healthScore: 0.571 }));
  }, 30_000);

  it('an ack but no sent within DEVICE_SEND_TIMEOUT_MS (the unit stays spent)', async () => {
    const { bad, good } = await twoPhones('manual');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    expect(push.payload.deviceId).toBe(bad.id);
    await dispatch.ack(push.payload);
    const pushes = await dispatch.waitForPushes(request.messageId, 2, SEND_TIMEOUT_MS + 5_000);
    expect(pushes[1].payload.deviceId).toBe(good.id);
    // Not the ack deadline: the accepted lease waited for the send deadline.
    expect(pushes[1].receivedAt - push.receivedAt).toBeGreaterThanOrEqual(SEND_TIMEOUT_MS - 100);
    await dispatch.waitForStatus(request.messageId, 'sent');
    await eventually(() => expect(dispatch.disconnects).toContainEqual(expect.objectContaining({ deviceId: bad.id, reason: 'dropped_from_pool' })));
    expect(await dispatch.device(bad.id)).toMatchObject({ sentToday: 1 });
  }, 30_000);

  it('a failed report', async () => {
    const { bad, good } = await twoPhones('fails');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    await expectMovedOn(request.messageId, bad.id, good.id, 1_000);
    // A failure reported after the phone accepted the send: the unit stays spent.
    await eventually(async () => expect(await dispatch.device(bad.id)).toMatchObject({ sentToday: 1, successRate: 0 }));
  }, 30_000);

  it('accepted: false', async () => {
    const { bad, good } = await twoPhones('rejects');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    await expectMovedOn(request.messageId, bad.id, good.id, 1_000);
    // The unit the refused push took is given back; the phone that sent keeps its unit spent.
    await eventually(async () => expect(await dispatch.device(bad.id)).toMatchObject({ sentToday: 0, healthScore: 0.667, successRate: 0 }));
    expect(await dispatch.device(good.id)).toMatchObject({ sentToday: 1, successRate: 1 });
  }, 30_000);

  it('the phone going offline with the lease open', async () => {
    const { bad, good } = await twoPhones('manual');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    expect(push.payload.deviceId).toBe(bad.id);
    await dispatch.ack(push.payload);
    await dispatch.disconnect(bad.id);
    const pushes = await dispatch.waitForPushes(request.messageId, 2);
    expect(pushes[1].payload.deviceId).toBe(good.id);
    expect(pushes[1].receivedAt - push.receivedAt).toBeLessThan(ACK_TIMEOUT_MS + 1_000);
    await dispatch.waitForStatus(request.messageId, 'sent');
  }, 30_000);

  it('a late ack and sent after the reassignment send nothing twice', async () => {
    const { bad, good } = await twoPhones('silent');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const pushes = await dispatch.waitForPushes(request.messageId, 2);
    await dispatch.waitForStatus(request.messageId, 'sent');

    await dispatch.ack(pushes[0].payload);
    await dispatch.report(pushes[0].payload, 'sent');
    await eventually(async () => {
      const [late] = await dispatch.query<{ late_reports: number }>(`SELECT late_reports FROM delivery_attempts WHERE lease_id = $1`, [pushes[0].payload.leaseId]);
      expect(late.late_reports).toBe(2);
    });
    expect(dispatch.pushesFor(request.messageId)).toHaveLength(2);
    expect(dispatch.statusesFor(request.messageId).filter((status) => status.status === 'sent')).toEqual([
      expect.objectContaining({ deviceId: good.id }),
    ]);
    expect(bad.id).not.toBe(good.id);
  }, 30_000);

  it('a lease returned by a gateway shutting down moves on without punishing the phone', async () => {
    const { bad, good } = await twoPhones('manual');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    expect(push.payload.deviceId).toBe(bad.id);
    await dispatch.returnLease(push.payload, 'gateway_shutdown');
    const pushes = await dispatch.waitForPushes(request.messageId, 2);
    expect(pushes[1].payload.deviceId).toBe(good.id);
    await dispatch.waitForStatus(request.messageId, 'sent');
    expect(await dispatch.device(bad.id)).toMatchObject({ healthScore: 1, coolingDownUntil: null, sentToday: 0 });
    expect(dispatch.disconnects.map((disconnect) => disconnect.deviceId)).not.toContain(bad.id);
  }, 30_000);

  it('a lease returned because the phone is gone drops it like a failure', async () => {
    const { bad, good } = await twoPhones('manual');
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    await dispatch.returnLease(push.payload, 'not_connected');
    await expectMovedOn(request.messageId, bad.id, good.id, 1_000);
  }, 30_000);

  it('after DEVICE_MAX_ATTEMPTS phones the message goes to the providers', async () => {
    const phones = [
      await dispatch.registerPhone(ORANGE_EG, 'rejects'),
      await dispatch.registerPhone(ORANGE_EG, 'rejects'),
      await dispatch.registerPhone(ORANGE_EG, 'rejects'),
      await dispatch.registerPhone(ORANGE_EG, 'sends'),
    ];
    await dispatch.connect(...phones.map((phone) => phone.id));
    const request = await dispatch.request({ to: dispatch.number(ORANGE_EG) });
    await eventually(() => expect(dispatch.providerSends.map((send) => send.messageId)).toContain(request.messageId));
    expect(dispatch.pushesFor(request.messageId).map((push) => push.payload.deviceId)).toEqual(phones.slice(0, 3).map((phone) => phone.id));
  }, 30_000);
});

describe('owners changing their phones', () => {
  it('a paused phone leaves the pool and a deleted one is disconnected and never used again', async () => {
    const paused = await dispatch.registerPhone(VODAFONE_EG);
    const deleted = await dispatch.registerPhone(VODAFONE_EG);
    const kept = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(paused.id, deleted.id, kept.id);
    await dispatch.pause(paused.id);
    await eventually(() => expect(dispatch.configures).toContainEqual({ deviceId: paused.id, dailyQuota: 5, paused: true }));
    await dispatch.remove(deleted.id);
    await eventually(() => expect(dispatch.disconnects).toContainEqual({ deviceId: deleted.id, reason: 'deleted' }));

    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    expect(push.payload.deviceId).toBe(kept.id);
  }, 30_000);
});

describe('no phone for the message', () => {
  it('route auto with an empty pool: provider.send to the provider-sender', async () => {
    const request = await dispatch.request({ to: '+4915112345678', messageType: 'transactional' });
    const send = await eventually(() => {
      const found = dispatch.providerSends.find((candidate) => candidate.messageId === request.messageId);
      if (!found) throw new Error('no provider.send yet');
      return found;
    });
    expect(send).toMatchObject({ organizationId: request.organizationId, to: request.to, body: request.body, chainPosition: 0 });
    expect(dispatch.pushesFor(request.messageId)).toHaveLength(0);
  }, 20_000);

  it('route providers skips the phones even when one is online', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(phone.id);
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG), route: 'providers' });
    await eventually(() => expect(dispatch.providerSends.map((send) => send.messageId)).toContain(request.messageId));
    expect(dispatch.pushesFor(request.messageId)).toHaveLength(0);
  }, 20_000);

  it('route devices with no phone: failed, no_device_available', async () => {
    const request = await dispatch.request({ to: '+966501234567', route: 'devices' });
    const failed = await dispatch.waitForStatus(request.messageId, 'failed');
    expect(failed.errorCode).toBe('no_device_available');
    expect(dispatch.providerSends.map((send) => send.messageId)).not.toContain(request.messageId);
  }, 20_000);

  it('an expired message is never pushed', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(phone.id);
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG), expiresAt: new Date(Date.now() - 1_000).toISOString() });
    await dispatch.waitForStatus(request.messageId, 'expired');
    expect(dispatch.pushesFor(request.messageId)).toHaveLength(0);
    expect(dispatch.providerSends.map((send) => send.messageId)).not.toContain(request.messageId);
  }, 20_000);
});

describe('reports out of order', () => {
  it('a delivered before its sent still announces sent once, then delivered once', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    await dispatch.connect(phone.id);
    const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG) });
    const [push] = await dispatch.waitForPushes(request.messageId, 1);
    await dispatch.ack(push.payload);
    await dispatch.report(push.payload, 'delivered');
    await dispatch.waitForStatus(request.messageId, 'delivered');
    await dispatch.report(push.payload, 'sent');
    await platform.drained();

    const announced = dispatch.statusesFor(request.messageId).map((status) => status.status);
    expect(announced).toEqual(['routing', 'sent', 'delivered']);
    expect(dispatch.statusesFor(request.messageId).find((status) => status.status === 'sent')).toMatchObject({ deviceId: phone.id, deviceOwnerId: expect.any(String) });
    expect(await dispatch.device(phone.id)).toMatchObject({ successRate: 1, sentToday: 1 });
  }, 20_000);
});

describe('a message the customer canceled', () => {
  const cancel = (request: { messageId: string; organizationId: string }) =>
    dispatch.bus.publish(
      MessageStatusChanged,
      { messageId: request.messageId, organizationId: request.organizationId, status: 'canceled', origin: 'api', at: new Date().toISOString() },
      { tenantId: request.organizationId },
    );

  it('is never routed when the cancel arrives before the request', async () => {
    const phone = await dispatch.registerPhone(VODAFONE_EG);
    await dispatch.connect(phone.id);
    const messageId = uuidv7();
    const organizationId = uuidv7();
    await cancel({ messageId, organizationId });
    // The cancel is heard before the request goes out: it is on another queue, so wait until it is handled.
    await platform.drained();
    await dispatch.request({ messageId, organizationId, to: dispatch.number(VODAFONE_EG) });
    await platform.drained();

    expect(dispatch.pushesFor(messageId)).toHaveLength(0);
    expect(dispatch.providerSends.map((send) => send.messageId)).not.toContain(messageId);
    expect(dispatch.statusesFor(messageId).map((status) => status.status)).toEqual(['canceled']);
  }, 20_000);

  it('is not moved to another phone after the one holding it fails', async () => {
    const { request, first: push } = await dispatch.pushedToSilentPhone(VODAFONE_EG);
    await cancel(request);
    // The silent phone's lease ends (its ack timeout): that is when a message would move on.
    await until(
      async () => (await dispatch.query<{ finished_at: Date | null }>(`SELECT finished_at FROM delivery_attempts WHERE lease_id = $1`, [push.payload.leaseId]))[0]?.finished_at,
      { what: "the silent phone's lease to end" },
    );
    await platform.drained();

    expect(dispatch.pushesFor(request.messageId)).toHaveLength(1);
    expect(dispatch.providerSends.map((send) => send.messageId)).not.toContain(request.messageId);
    expect(dispatch.statusesFor(request.messageId).map((status) => status.status)).not.toContain('sent');
  }, 20_000);
});
