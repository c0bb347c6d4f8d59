import { v7 as uuidv7 } from 'uuid';
import {
  Contract,
  DeviceHeartbeat,
  DeviceLeaseReturned,
  DeviceOffline,
  DeviceOnline,
  DeviceSendAcked,
  DeviceSmsStatus,
  IssueDeviceToken,
  PushToDevice,
  PushToDevicePayload,
  Register,
} from '@zagel/contracts';
import { SimulatedPhone, SimulatedPhoneOptions } from '@zagel/device-simulator';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { startServiceProcess, waitForReady } from '@zagel/process-supervisor';
import { cleanupTestNamespace, createTestNamespace, eventually, freePort, RunningPlatform, serviceEntry, startPlatformProcesses, TestNamespace } from '@zagel/testing';

const DISPATCHER = 'device-test-dispatcher';
const SERVICES = ['auth', 'device-gateway'] as const;

const HEARD = [DeviceOnline, DeviceOffline, DeviceSendAcked, DeviceSmsStatus, DeviceHeartbeat, DeviceLeaseReturned] as Contract[];

export interface TestDevice {
  deviceId: string;
  token: string;
}

/**
 * auth and device-gateway as real processes (from the build), and a bus client that plays the
 * pool-dispatcher: it hears the gateway's events and sends it `device.push` commands.
 */
export class GatewayHarness {
  readonly test: TestNamespace = createTestNamespace();
  platform: RunningPlatform;
  dispatcher: Bus;
  ownerId: string;
  readonly phones: SimulatedPhone[] = [];
  private readonly events = new Map<string, unknown[]>();
  private readonly extraInstanceIds: string[] = [];

  constructor(private readonly env: Record<string, string> = {}) {}

  get gatewayUrl(): string {
    return this.platform.urls['device-gateway'] as string;
  }

  async start(): Promise<void> {
    this.platform = await startPlatformProcesses(this.test, SERVICES, this.env);
    this.dispatcher = await Bus.connect(busOptionsFromConfig(this.test.settings, DISPATCHER));
    for (const contract of HEARD) {
      this.events.set(contract.type, []);
      this.dispatcher.onEvent(contract, (payload) => {
        this.events.get(contract.type)!.push(payload);
      });
    }
    await this.dispatcher.start();
    const owner = await this.dispatcher.rpc.call(Register, 'auth', {
      email: `owner-${uuidv7()}@example.test`,
      password: 'violet-harbor-93-quill-tundra',
      name: 'Phone Owner',
      accountType: 'device_owner',
      client: {},
    }, { timeoutMs: 10_000 });
    this.ownerId = owner.user.id;
  }

  async stop(): Promise<void> {
    for (const phone of this.phones) phone.close();
    await this.dispatcher?.close();
    if (process.env.E2E_DEBUG) console.log((this.platform?.output['device-gateway'] ?? []).join('\n'));
    await this.platform?.stop();
    await deleteBusTopology(this.test.settings.RABBITMQ_URL, this.test.namespace, [
      { service: DISPATCHER, instanceIds: [this.test.settings.INSTANCE_ID], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
    ]);
    const started = this.platform ? SERVICES.map((service) => `${service}-${new URL(this.platform.urls[service] as string).port}`) : [];
    await cleanupTestNamespace(this.test, SERVICES, [...started, ...this.extraInstanceIds]);
  }

  /** Another device-gateway instance (its own port and command queue); stopped with the platform. Returns its URL. */
  async startAnotherGateway(): Promise<{ url: string; instanceId: string }> {
    const port = await freePort();
    const instanceId = `device-gateway-second-${port}`;
    this.extraInstanceIds.push(instanceId);
    const second = startServiceProcess({
      name: 'device-gateway-second',
      args: [serviceEntry('device-gateway')],
      env: { ...process.env, ...this.test.env, ...this.env, PORT: String(port), INSTANCE_ID: instanceId },
      restart: false,
    });
    this.platform.processes.set('device-gateway-second' as never, second);
    const url = `http://127.0.0.1:${port}`;
    await waitForReady(`${url}/health/ready`, { timeoutMs: 60_000 });
    return { url, instanceId };
  }

  async device(): Promise<TestDevice> {
    const deviceId = uuidv7();
    const issued = await this.dispatcher.rpc.call(IssueDeviceToken, 'auth', { deviceId, ownerId: this.ownerId }, { timeoutMs: 10_000 });
    return { deviceId, token: issued.deviceToken };
  }

  phone(device: TestDevice, options: Partial<SimulatedPhoneOptions> = {}): SimulatedPhone {
    const phone = new SimulatedPhone({ gatewayUrl: this.gatewayUrl, token: device.token, deviceId: device.deviceId, heartbeatIntervalMs: 0, ...options });
    this.phones.push(phone);
    return phone;
  }

  /** A connected phone and the gateway instance that announced it online. */
  async connectedPhone(options: Partial<SimulatedPhoneOptions> = {}): Promise<{ device: TestDevice; phone: SimulatedPhone; instanceId: string }> {
    const device = await this.device();
    const phone = this.phone(device, options);
    const seen = this.received(DeviceOnline).length;
    await phone.connect();
    const online = await this.waitFor(DeviceOnline, (event) => event.deviceId === device.deviceId, seen);
    return { device, phone, instanceId: online.gatewayInstanceId };
  }

  received<P extends object>(contract: Contract<P>): P[] {
    return (this.events.get(contract.type) ?? []) as P[];
  }

  /** The first event of the kind (after the first `from`) that matches. */
  waitFor<P extends object>(contract: Contract<P>, match: (event: P) => boolean, from = 0, timeoutMs = 10_000): Promise<P> {
    return eventually(() => {
      const found = this.received(contract).slice(from).find(match);
      if (!found) throw new Error(`no matching ${contract.type} yet`);
      return found;
    }, { timeoutMs });
  }

  pushPayload(deviceId: string, overrides: Partial<PushToDevicePayload> = {}): PushToDevicePayload {
    return {
      leaseId: uuidv7(),
      messageId: uuidv7(),
      deviceId,
      to: '+201001234567',
      body: 'Your Zagel code is 482913',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      ...overrides,
    };
  }

  async push(instanceId: string, payload: PushToDevicePayload): Promise<PushToDevicePayload> {
    await this.dispatcher.send(PushToDevice, { service: 'device-gateway', instanceId }, payload);
    return payload;
  }
}
