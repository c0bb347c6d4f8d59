import { ConfigureDevice, DeviceHeartbeat, DeviceLeaseReturned, DeviceOffline, DeviceSendAcked, DeviceSmsStatus, DisconnectDevice } from '@zagel/contracts';
import { eventually, TestPlatform, until } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

const ACK_TIMEOUT_MS = 800;

describe('device-gateway: pushes, acks and reports', () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'], settings: { DEVICE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS), DEVICE_MAX_IN_FLIGHT: '2' } });
  let gateway: GatewayDesk;

  beforeAll(async () => {
    await platform.start();
    gateway = await GatewayDesk.open(platform);
  }, 120_000);
  afterAll(async () => {
    gateway?.closePhones();
    await platform.stop();
  }, 60_000);

  it('delivers a push, relays the ack and the sent and delivered reports with the lease', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone({ latency: { minMs: 5, maxMs: 20 }, deliveredAfterMs: 10 });
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));

    const acked = await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId);
    expect(acked).toMatchObject({ leaseId: push.leaseId, messageId: push.messageId, deviceId: device.deviceId, accepted: true });
    expect(phone.received).toEqual([expect.objectContaining({ messageId: push.messageId, to: push.to, body: push.body, expiresAt: push.expiresAt })]);

    const delivered = await gateway.waitFor(DeviceSmsStatus, (event) => event.leaseId === push.leaseId && event.status === 'delivered');
    const statuses = gateway.received(DeviceSmsStatus).filter((event) => event.leaseId === push.leaseId).map((event) => event.status);
    expect(statuses).toEqual(['sent', 'delivered']);
    expect(delivered).toMatchObject({ messageId: push.messageId, deviceId: device.deviceId });
    await eventually(() => expect(phone.statusReports.map((report) => report.ack)).toEqual([{ ok: true }, { ok: true }]));

    const metrics = await (await fetch(`${gateway.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/^zagel_device_gateway_connected_devices\{[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^zagel_device_gateway_pushes_total\{[^}]*outcome="offered"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^zagel_device_gateway_acks_total\{[^}]*accepted="true"[^}]*\} [1-9]/m);
  });

  it('acks a repeated status again without relaying it twice', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone({ deliveredAfterMs: -1 });
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    await gateway.waitFor(DeviceSmsStatus, (event) => event.leaseId === push.leaseId && event.status === 'sent');

    expect(await phone.reportStatus(push.messageId, 'sent')).toEqual({ ok: true });
    expect(await phone.reportStatus(push.messageId, 'delivered')).toEqual({ ok: true });
    await gateway.waitFor(DeviceSmsStatus, (event) => event.leaseId === push.leaseId && event.status === 'delivered');
    const statuses = gateway.received(DeviceSmsStatus).filter((event) => event.leaseId === push.leaseId).map((event) => event.status);
    expect(statuses).toEqual(['sent', 'delivered']);
  });

  it('relays a refusal and a failed report', async () => {
    const refusing = await gateway.connectedPhone({ failureRate: 1, failureMode: 'refuse' });
    const refused = await gateway.push(refusing.instanceId, gateway.pushPayload(refusing.device.deviceId));
    expect(await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === refused.leaseId)).toMatchObject({ accepted: false, reason: 'simulated_refusal' });

    const failing = await gateway.connectedPhone({ failureRate: 1, failureMode: 'report' });
    const failed = await gateway.push(failing.instanceId, gateway.pushPayload(failing.device.deviceId));
    expect(await gateway.waitFor(DeviceSmsStatus, (event) => event.leaseId === failed.leaseId)).toMatchObject({ status: 'failed', errorCode: 'simulated_failure' });
  });

  it('hands the lease back when the phone does not ack in time', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone({ behaviour: 'no-ack' });
    const started = Date.now();
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    const returned = await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === push.leaseId);
    expect(returned).toMatchObject({ messageId: push.messageId, deviceId: device.deviceId, reason: 'ack_timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    expect(phone.received).toHaveLength(1);
    expect(gateway.received(DeviceSendAcked).some((event) => event.leaseId === push.leaseId)).toBe(false);
    // The lease is gone: a late report about it is refused.
    expect(await phone.reportStatus(push.messageId, 'sent')).toEqual({ ok: false, error: 'unknown_message' });
  });

  it('hands the lease back when the phone drops the connection mid-send, and marks it offline', async () => {
    const { device, instanceId } = await gateway.connectedPhone({ behaviour: 'disconnect-mid-send' });
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    expect(await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === push.leaseId)).toMatchObject({ reason: 'disconnected' });
    await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);
  });

  it('returns a push for a phone that is not connected here', async () => {
    const { instanceId } = await gateway.connectedPhone();
    const absent = await gateway.device();
    const push = await gateway.push(instanceId, gateway.pushPayload(absent.deviceId));
    expect(await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === push.leaseId)).toMatchObject({ reason: 'not_connected' });
  });

  it('holds at most DEVICE_MAX_IN_FLIGHT messages per phone until one is reported sent (or its send deadline passes)', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone({ behaviour: 'ack-only' });
    const first = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    const second = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === first.leaseId);
    await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === second.leaseId);
    // Accepted, they hold their slots past the ack deadline, until their send deadline.
    const ackedBy = Date.now();
    await until(() => Date.now() > ackedBy + ACK_TIMEOUT_MS, { what: 'the ack deadline to pass' });

    const third = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    expect(await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === third.leaseId)).toMatchObject({ reason: 'in_flight_limit' });
    expect(phone.received.map((message) => message.messageId)).not.toContain(third.messageId);

    // `delivered` does not free a slot; `sent` does.
    expect(await phone.reportStatus(first.messageId, 'delivered')).toEqual({ ok: true });
    const fourth = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    expect(await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === fourth.leaseId)).toMatchObject({ reason: 'in_flight_limit' });
    expect(await phone.reportStatus(first.messageId, 'sent')).toEqual({ ok: true });
    const fifth = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    expect(await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === fifth.leaseId)).toMatchObject({ accepted: true });
  });

  it('never offers a push whose expiry has passed', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone();
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId, { expiresAt: new Date(Date.now() - 1_000).toISOString() }));
    expect(await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId)).toMatchObject({ accepted: false, reason: 'expired' });
    expect(phone.received).toHaveLength(0);
  });

  it('ignores a redelivered push for a lease the phone already holds', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone({ behaviour: 'ack-only' });
    const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId);
    await gateway.push(instanceId, push);
    const marker = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
    await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === marker.leaseId);
    expect(phone.received.filter((message) => message.messageId === push.messageId)).toHaveLength(1);
    expect(gateway.received(DeviceLeaseReturned).filter((event) => event.leaseId === push.leaseId)).toEqual([]);
    expect(gateway.received(DeviceSendAcked).filter((event) => event.leaseId === push.leaseId)).toHaveLength(1);
  });

  it('relays heartbeats with the SIM operator', async () => {
    const { device } = await gateway.connectedPhone({ carrier: { mcc: '602', mnc: '02', name: 'Vodafone' }, battery: 77, signal: 3 });
    const heartbeat = await gateway.waitFor(DeviceHeartbeat, (event) => event.deviceId === device.deviceId);
    expect(heartbeat).toMatchObject({ deviceId: device.deviceId, battery: 77, signal: 3, carrier: { mcc: '602', mnc: '02', name: 'Vodafone' } });
  });

  it('forwards device.configure as device:config, and device.disconnect as a notice and a close', async () => {
    const { device, phone, instanceId } = await gateway.connectedPhone();
    const target = { service: 'device-gateway', instanceId };
    await gateway.dispatcher.send(ConfigureDevice, target, { deviceId: device.deviceId, dailyQuota: 7, paused: true });
    await eventually(() => expect(phone.configs).toEqual([{ dailyQuota: 7, paused: true }]));

    await gateway.dispatcher.send(DisconnectDevice, target, { deviceId: device.deviceId, reason: 'quarantined', retryAfterSeconds: 600 });
    await eventually(() => expect(phone.disconnectNotices).toEqual([{ reason: 'quarantined', retryAfterSeconds: 600 }]));
    await eventually(() => expect(phone.connected).toBe(false));
    await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);
  });
});
