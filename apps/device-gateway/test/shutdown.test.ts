import { DeviceLeaseReturned, DeviceOffline, DeviceSendAcked } from '@zagel/contracts';
import { eventually, TestPlatform } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

describe('device-gateway shutdown', () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'], settings: { DEVICE_ACK_TIMEOUT_MS: '30000', DEVICE_RECONNECT_AFTER_SECONDS: '3' } });
  let gateway: GatewayDesk;

  beforeAll(async () => {
    await platform.start();
    gateway = await GatewayDesk.open(platform);
  }, 120_000);
  afterAll(async () => {
    gateway?.closePhones();
    await platform.stop();
  }, 60_000);

  it('hands every in-flight lease back, tells the phones to reconnect and marks them offline', async () => {
    const accepting = await gateway.connectedPhone({ behaviour: 'ack-only', reconnect: false });
    const silent = await gateway.connectedPhone({ behaviour: 'no-ack', reconnect: false });
    const idle = await gateway.connectedPhone({ reconnect: false });
    const accepted = await gateway.push(accepting.instanceId, gateway.pushPayload(accepting.device.deviceId));
    await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === accepted.leaseId);
    const unacked = await gateway.push(silent.instanceId, gateway.pushPayload(silent.device.deviceId));
    await eventually(() => expect(silent.phone.received).toHaveLength(1));

    const stopped = await platform.instance('device-gateway').stop();
    expect(stopped.forced).toBe(false);

    for (const lease of [accepted, unacked]) {
      expect(await gateway.waitFor(DeviceLeaseReturned, (event) => event.leaseId === lease.leaseId)).toMatchObject({ reason: 'gateway_shutdown' });
    }
    expect(gateway.received(DeviceLeaseReturned).filter((event) => [accepted.leaseId, unacked.leaseId].includes(event.leaseId))).toHaveLength(2);
    await eventually(() => {
      for (const { phone } of [accepting, silent, idle]) expect(phone.reconnectNotices).toEqual([{ retryAfterSeconds: 3 }]);
    });
    for (const { device } of [accepting, silent, idle]) await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);
  });
});
