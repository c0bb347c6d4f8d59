import { DeviceLeaseReturned, DeviceOffline, DeviceOnline, DeviceSendAcked, RevokeDeviceToken } from '@zagel/contracts';
import { eventually, ServiceInstance, TestPlatform, until } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

// Long enough that the instance is killed before its own ack deadline hands the pushes back, on a loaded machine too.
const ACK_TIMEOUT_MS = 8_000;

describe('device-gateway: two instances', () => {
  // A send deadline far beyond any wait here, so a slot that lapsed did so at the ack deadline.
  const platform = new TestPlatform({
    services: ['auth', 'device-gateway'],
    replicas: { 'device-gateway': 2 },
    settings: { DEVICE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS), DEVICE_SEND_TIMEOUT_MS: '600000', DEVICE_MAX_IN_FLIGHT: '2' },
  });
  let gateway: GatewayDesk;
  let second: ServiceInstance;

  beforeAll(async () => {
    await platform.start();
    gateway = await GatewayDesk.open(platform);
    second = platform.instance('device-gateway', 1);
  }, 120_000);
  afterAll(async () => {
    gateway?.closePhones();
    await platform.stop();
  }, 60_000);

  it('moves a phone that reconnects to the other instance: the old socket is closed, the device stays online', async () => {
    const { device, phone: first, instanceId: firstInstance } = await gateway.connectedPhone();
    expect(firstInstance).not.toBe(second.instanceId);
    const seen = gateway.received(DeviceOnline).length;
    const moved = gateway.phone(device, { gatewayUrl: second.url });
    await moved.connect();

    const online = await gateway.waitFor(DeviceOnline, (event) => event.deviceId === device.deviceId, seen);
    expect(online.gatewayInstanceId).toBe(second.instanceId);
    await eventually(() => expect(first.disconnectNotices).toEqual([{ reason: 'replaced' }]));
    await eventually(() => expect(first.connected).toBe(false));

    const push = await gateway.push(second.instanceId, gateway.pushPayload(device.deviceId));
    expect(await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId)).toMatchObject({ accepted: true });
    expect(moved.received.map((message) => message.messageId)).toEqual([push.messageId]);
    await gateway.heartbeatBarrier(moved);
    expect(gateway.received(DeviceOffline).some((event) => event.deviceId === device.deviceId)).toBe(false);
  });

  it('drops revoked phones whichever instance hears the revocation', async () => {
    const phones = [
      await gateway.connectedPhone(),
      await gateway.connectedPhone({ gatewayUrl: second.url }),
      await gateway.connectedPhone(),
      await gateway.connectedPhone({ gatewayUrl: second.url }),
    ];
    expect(new Set(phones.map((phone) => phone.instanceId)).size).toBe(2);
    await Promise.all(phones.map(({ device }) => gateway.dispatcher.rpc.call(RevokeDeviceToken, 'auth', { deviceId: device.deviceId }, { timeoutMs: 10_000 })));
    for (const { phone, device } of phones) {
      await eventually(() => expect(phone.disconnectNotices).toEqual([{ reason: 'revoked' }]));
      await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);
      await expect(gateway.phone(device, { gatewayUrl: second.url }).connect()).rejects.toThrow('token_revoked');
    }
  });

  it('frees the slots of pushes lost with a killed instance at their ack deadline: the phone serves through the other instance', async () => {
    const { device, phone: silent, instanceId: doomed } = await gateway.connectedPhone({ behaviour: 'no-ack' });
    const lasting = () => gateway.pushPayload(device.deviceId, { expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() });
    const pushedAt = Date.now();
    const lost = [await gateway.push(doomed, lasting()), await gateway.push(doomed, lasting())];
    await until(() => silent.received.length === 2, { what: 'both pushes offered to the phone, which does not answer' });
    // Dies holding both: no ack deadline of its own fires, nothing is handed back.
    await platform.instance('device-gateway', 0).kill();
    silent.close();
    const moved = gateway.phone(device, { gatewayUrl: second.url });
    const seen = gateway.received(DeviceOnline).length;
    await moved.connect();
    await gateway.waitFor(DeviceOnline, (event) => event.deviceId === device.deviceId && event.gatewayInstanceId === second.instanceId, seen);

    // Each push comes back `in_flight_limit` while the lost ones hold the phone's slots.
    const served = await until(
      async () => {
        const push = await gateway.push(second.instanceId, lasting());
        const answer = await until(
          () =>
            gateway.received(DeviceSendAcked).find((event) => event.leaseId === push.leaseId) ??
            gateway.received(DeviceLeaseReturned).find((event) => event.leaseId === push.leaseId),
          { what: `an answer to lease ${push.leaseId}` },
        );
        if ('reason' in answer && answer.reason === 'in_flight_limit') return undefined;
        return { answer, at: Date.now() };
      },
      { what: 'a push the moved phone takes', deadline: 60_000, interval: 250 },
    );
    expect(served.answer).toMatchObject({ accepted: true });
    expect(served.at - pushedAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    const lostLeases = new Set(lost.map((push) => push.leaseId));
    expect(gateway.received(DeviceLeaseReturned).filter((event) => lostLeases.has(event.leaseId))).toEqual([]);
    await platform.instance('device-gateway', 0).start();
  });
});
