import { DeviceOffline, DeviceOnline, DeviceSendAcked, RevokeDeviceToken } from '@zagel/contracts';
import { eventually, ServiceInstance, TestPlatform } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

describe('device-gateway: two instances', () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'], replicas: { 'device-gateway': 2 } });
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
});
