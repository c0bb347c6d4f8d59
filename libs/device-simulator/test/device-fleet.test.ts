import { v7 as uuidv7 } from 'uuid';
import { DeviceOnline, DeviceSendAcked, DeviceSmsStatus, IssueDeviceToken, PushToDevice, Register } from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { startServiceProcess, waitForReady } from '@zagel/process-supervisor';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, serviceEntry, startPlatformProcesses } from '@zagel/testing';
import { DeviceCredentials, DeviceFleet } from '../src';

const CLIENT = 'fleet-test-dispatcher';
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
  const test = createTestNamespace();
  let platform: RunningPlatform;
  let client: Bus;
  let credentials: DeviceCredentials[];
  const online: { deviceId: string; gatewayInstanceId: string }[] = [];
  const acks: { messageId: string; accepted: boolean; at: string }[] = [];
  const statuses: { messageId: string; status: string }[] = [];
  const instanceIds: string[] = [];
  let fleet: DeviceFleet;

  beforeAll(async () => {
    platform = await startPlatformProcesses(test, ['auth', 'device-gateway'], { DEVICE_RECONNECT_AFTER_SECONDS: '1', DEVICE_MAX_IN_FLIGHT: '4' });
    instanceIds.push(`device-gateway-${new URL(platform.urls['device-gateway']!).port}`);
    client = await Bus.connect(busOptionsFromConfig(test.settings, CLIENT));
    client.onEvent(DeviceOnline, (event) => {
      online.push(event);
    });
    client.onEvent(DeviceSendAcked, (event) => {
      acks.push(event);
    });
    client.onEvent(DeviceSmsStatus, (event) => {
      statuses.push(event);
    });
    await client.start();
    const owner = await client.rpc.call(Register, 'auth', {
      email: `fleet-${uuidv7()}@example.test`,
      password: 'violet-harbor-93-quill-tundra',
      name: 'Fleet Owner',
      accountType: 'device_owner',
      client: {},
    }, { timeoutMs: 10_000 });
    credentials = await Promise.all(
      Array.from({ length: PHONES }, async () => {
        const deviceId = uuidv7();
        const issued = await client.rpc.call(IssueDeviceToken, 'auth', { deviceId, ownerId: owner.user.id }, { timeoutMs: 10_000 });
        return { deviceId, deviceToken: issued.deviceToken };
      }),
    );
  });

  afterAll(async () => {
    fleet?.close();
    await client?.close();
    await platform?.stop();
    await deleteBusTopology(test.settings.RABBITMQ_URL, test.namespace, [
      { service: CLIENT, instanceIds: [test.settings.INSTANCE_ID], retryDelaysMs: test.settings.BUS_RETRY_DELAYS_MS },
    ]);
    await cleanupTestNamespace(test, ['auth', 'device-gateway'], instanceIds);
  });

  const push = (deviceId: string, instanceId: string) => {
    const payload = {
      leaseId: uuidv7(),
      messageId: uuidv7(),
      deviceId,
      to: '+201001234567',
      body: `hello ${deviceId}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    return client.send(PushToDevice, { service: 'device-gateway', instanceId }, payload).then(() => payload);
  };

  it('connects every phone, answers within the latency range and fails at the configured rate', async () => {
    fleet = new DeviceFleet({
      gatewayUrl: platform.urls['device-gateway']!,
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
    await eventually(() => expect(new Set(online.map((event) => event.deviceId)).size).toBe(PHONES));

    const instanceId = online[0].gatewayInstanceId;
    const sent = await Promise.all(Array.from({ length: 4 }, () => credentials.map((device) => push(device.deviceId, instanceId))).flat());
    await eventually(() => expect(acks).toHaveLength(sent.length), { timeoutMs: 15_000 });

    expect(fleet.received()).toHaveLength(sent.length);
    for (const phone of fleet.phones) {
      expect(phone.received.every((message) => message.body === `hello ${phone.options.deviceId}`)).toBe(true);
    }
    const receivedAt = new Map(fleet.received().map((message) => [message.messageId, message.receivedAt]));
    const answerTimes = acks.map((ack) => Date.parse(ack.at) - receivedAt.get(ack.messageId)!);
    // The phone waited its drawn latency (20-60 ms) before answering; 1 ms for clock rounding.
    expect(Math.min(...answerTimes)).toBeGreaterThanOrEqual(19);
    expect(Math.max(...answerTimes)).toBeLessThan(1_000);
    const refused = acks.filter((ack) => !ack.accepted).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(sent.length / 2);
    const accepted = new Set(acks.filter((ack) => ack.accepted).map((ack) => ack.messageId));
    await eventually(() => expect(statuses.filter((status) => status.status === 'delivered')).toHaveLength(accepted.size), { timeoutMs: 15_000 });
  });

  it('reconnects every phone when the gateway restarts and asks them to', async () => {
    const gatewayUrl = platform.urls['device-gateway']!;
    const port = new URL(gatewayUrl).port;
    const onlineBefore = online.length;
    await platform.processes.get('device-gateway')!.stop(10_000);
    await eventually(() => expect(fleet.phones.every((phone) => phone.reconnectNotices.length === 1)).toBe(true));

    const instanceId = `device-gateway-${port}-restarted`;
    instanceIds.push(instanceId);
    const restarted = startServiceProcess({
      name: 'device-gateway',
      args: [serviceEntry('device-gateway')],
      env: { ...process.env, ...test.env, PORT: port, INSTANCE_ID: instanceId },
      restart: false,
    });
    platform.processes.set('device-gateway', restarted);
    await waitForReady(`${gatewayUrl}/health/ready`, { timeoutMs: 60_000 });

    await eventually(() => expect(fleet.connectedCount).toBe(PHONES), { timeoutMs: 30_000 });
    await eventually(() => expect(online.slice(onlineBefore).filter((event) => event.gatewayInstanceId === instanceId)).toHaveLength(PHONES), { timeoutMs: 15_000 });
    const message = await push(credentials[0].deviceId, instanceId);
    await eventually(() => expect(fleet.phone(credentials[0].deviceId)!.received.map((received) => received.messageId)).toContain(message.messageId));
  });
});
