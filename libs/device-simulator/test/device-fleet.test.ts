import { v7 as uuidv7 } from 'uuid';
import { DeviceOnline, DeviceReports, IssueDeviceToken, PushToDevice, Register } from '@zagel/contracts';
import { BusProbe, randomPassword, TestPlatform, until } from '@zagel/testing';
import { DeviceCredentials, DeviceFleet } from '../src';

const PHONES = 12;

/** A seeded generator, so failure shares are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('DeviceFleet against a real device-gateway', () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'], settings: { DEVICE_RECONNECT_AFTER_SECONDS: '1', DEVICE_MAX_IN_FLIGHT: '4' } });
  /** Plays the pool-dispatcher: hears the gateway's events, sends it pushes. */
  let dispatcher: BusProbe;
  let credentials: DeviceCredentials[];
  let fleet: DeviceFleet;
  const online = () => dispatcher.heard(DeviceOnline);
  // The gateway relays the phones' acks and statuses in `device.reports` batches.
  const acks = () => dispatcher.heard(DeviceReports).flatMap((batch) => batch.acks);
  const statuses = () => dispatcher.heard(DeviceReports).flatMap((batch) => batch.statuses);

  beforeAll(async () => {
    await platform.start();
    dispatcher = await platform.probe({ service: 'fleet-test-dispatcher', hears: [DeviceOnline, DeviceReports] });
    const owner = await dispatcher.rpc.call(
      Register,
      'auth',
      { email: `fleet-${uuidv7()}@example.test`, password: randomPassword(), name: 'Fleet Owner', accountType: 'device_owner', client: {} },
      { timeoutMs: 10_000 },
    );
    credentials = await Promise.all(
      Array.from({ length: PHONES }, async () => {
        const deviceId = uuidv7();
        const issued = await dispatcher.rpc.call(IssueDeviceToken, 'auth', { deviceId, ownerId: owner.user.id }, { timeoutMs: 10_000 });
        return { deviceId, deviceToken: issued.deviceToken };
      }),
    );
  }, 120_000);

  afterAll(async () => {
    fleet?.close();
    await platform.stop();
  }, 60_000);

  const push = (deviceId: string, instanceId: string) => {
    const payload = {
      leaseId: uuidv7(),
      messageId: uuidv7(),
      deviceId,
      to: '+201001234567',
      body: `hello ${deviceId}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    return dispatcher.send(PushToDevice, { service: 'device-gateway', instanceId }, payload).then(() => payload);
  };

  it('connects every phone, answers within the latency range and fails at the configured rate', async () => {
    fleet = new DeviceFleet({
      gatewayUrl: platform.url('device-gateway'),
      latency: { minMs: 20, maxMs: 60 },
      failureRate: 0.25,
      failureMode: 'refuse',
      deliveredAfterMs: 0,
      heartbeatIntervalMs: 0,
      carrier: { mcc: '602', mnc: '02', name: 'Vodafone' },
      random: seeded(7),
    });
    await fleet.connect(credentials);
    expect(fleet.connectedCount).toBe(PHONES);
    await until(() => new Set(online().map((event) => event.deviceId)).size === PHONES, { what: 'every phone to be online' });

    const instanceId = online()[0].gatewayInstanceId;
    const sent = await Promise.all(Array.from({ length: 4 }, () => credentials.map((device) => push(device.deviceId, instanceId))).flat());
    await until(() => acks().length === sent.length, { what: 'every push to be answered' });

    expect(fleet.received()).toHaveLength(sent.length);
    for (const phone of fleet.phones) {
      expect(phone.received.every((message) => message.body === `hello ${phone.options.deviceId}`)).toBe(true);
    }
    const receivedAt = new Map(fleet.received().map((message) => [message.messageId, message.receivedAt]));
    const answerTimes = acks().map((ack) => Date.parse(ack.at) - receivedAt.get(ack.messageId)!);
    // The phone waited its drawn latency (20-60 ms) before answering; 1 ms for clock rounding.
    expect(Math.min(...answerTimes)).toBeGreaterThanOrEqual(19);
    expect(Math.max(...answerTimes)).toBeLessThan(1_000);
    const refused = acks().filter((ack) => !ack.accepted).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(sent.length / 2);
    const accepted = new Set(acks().filter((ack) => ack.accepted).map((ack) => ack.messageId));
    await until(() => statuses().filter((status) => status.status === 'delivered').length === accepted.size, { what: 'every accepted message to be delivered' });
  });

  it('reconnects every phone when the gateway restarts and asks them to', async () => {
    const gateway = platform.instance('device-gateway');
    const onlineBefore = online().length;
    await gateway.stop();
    await until(() => fleet.phones.every((phone) => phone.reconnectNotices.length === 1), { what: 'every phone to be asked to reconnect' });

    await gateway.start();
    await until(() => fleet.connectedCount === PHONES, { what: 'every phone to reconnect', deadline: 30_000 });
    await until(() => online().slice(onlineBefore).filter((event) => event.gatewayInstanceId === gateway.instanceId).length === PHONES, {
      what: 'every phone to be online on the restarted gateway',
    });
    const message = await push(credentials[0].deviceId, gateway.instanceId);
    await until(() => fleet.phone(credentials[0].deviceId)!.received.some((received) => received.messageId === message.messageId), { what: 'the push after the restart' });
  }, 120_000);
});
