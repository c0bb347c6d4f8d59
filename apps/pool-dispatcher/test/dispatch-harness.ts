import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  ConfigureDevice,
  ConfigureDevicePayload,
  DeleteDevice,
  DeviceHeartbeat,
  DeviceLeaseReturned,
  DeviceOffline,
  DeviceOnline,
  DeviceSendAcked,
  DeviceSmsStatus,
  DeviceView,
  DisconnectDevice,
  DisconnectDevicePayload,
  MessageRequested,
  MessageRequestedPayload,
  MessageStatusChanged,
  MessageStatusPayload,
  PushToDevice,
  PushToDevicePayload,
  LeaseReturnReason,
  ListDevices,
  Register,
  RegisterDevice,
  RegisteredDevice,
  SendViaProvider,
  SendViaProviderPayload,
  UpdateDevice,
} from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, startPlatformProcesses, TestNamespace } from '@zagel/testing';

/** How a fake phone answers a push. `manual`: the test answers itself. */
export type PhoneBehaviour = 'sends' | 'silent' | 'rejects' | 'fails' | 'manual';

export interface ReceivedPush {
  payload: PushToDevicePayload;
  receivedAt: number;
}

const OBSERVER = 'dispatch-test';

/**
 * auth and pool-dispatcher as real processes, with the test playing the device-gateway (one fake
 * instance whose per-instance queue receives the pushes) and the provider-sender's command queue.
 */
export class DispatchHarness {
  readonly test: TestNamespace = createTestNamespace();
  readonly gatewayInstanceId = `fake-gw-${randomBytes(3).toString('hex')}`;
  platform: RunningPlatform;
  gateway: Bus;
  providers: Bus;
  observer: Bus;
  readonly pushes: ReceivedPush[] = [];
  readonly disconnects: DisconnectDevicePayload[] = [];
  readonly configures: ConfigureDevicePayload[] = [];
  readonly providerSends: SendViaProviderPayload[] = [];
  readonly statuses: MessageStatusPayload[] = [];
  readonly behaviour = new Map<string, PhoneBehaviour>();
  private readonly online = new Map<string, string>();
  private readonly extraDispatchers: RunningPlatform[] = [];
  private ownerId: string;
  private counter = 0;

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<void> {
    this.platform = await startPlatformProcesses(this.test, ['auth', 'pool-dispatcher'], this.env);
    this.gateway = await Bus.connect(busOptionsFromConfig(this.test.settings, 'device-gateway', { instanceId: this.gatewayInstanceId }));
    this.gateway.onCommand(PushToDevice, (payload) => this.onPush(payload), { perInstance: true });
    this.gateway.onCommand(DisconnectDevice, (payload) => void this.disconnects.push(payload), { perInstance: true });
    this.gateway.onCommand(ConfigureDevice, (payload) => void this.configures.push(payload), { perInstance: true });
    await this.gateway.start();
    this.providers = await Bus.connect(busOptionsFromConfig(this.test.settings, 'provider-sender'));
    this.providers.onCommand(SendViaProvider, (payload) => void this.providerSends.push(payload));
    await this.providers.start();
    this.observer = await Bus.connect(busOptionsFromConfig(this.test.settings, OBSERVER));
    this.observer.onEvent(MessageStatusChanged, (payload) => void this.statuses.push(payload));
    await this.observer.start();
    const session = await this.observer.rpc.call(Register, 'auth', {
      email: `owner-${randomBytes(4).toString('hex')}@example.test`,
      password: 'violet-harbor-93-quill-tundra',
      name: 'Phone Owner',
      accountType: 'device_owner',
      client: { ip: '198.51.100.7' },
    });
    this.ownerId = session.user.id;
  }

  async stop(): Promise<void> {
    await this.gateway?.close();
    await this.providers?.close();
    await this.observer?.close();
    await this.platform?.stop();
    for (const extra of this.extraDispatchers) await extra.stop();
    await deleteBusTopology(this.test.settings.RABBITMQ_URL, this.test.namespace, [
      { service: OBSERVER, instanceIds: [], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
      { service: 'device-gateway', instanceIds: [this.gatewayInstanceId], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
      { service: 'provider-sender', instanceIds: [], retryDelaysMs: this.test.settings.BUS_RETRY_DELAYS_MS },
    ]);
    await cleanupTestNamespace(this.test, ['auth', 'pool-dispatcher']);
  }

  /** Another pool-dispatcher instance in the same namespace (same database, Redis and queues). */
  async startAnotherDispatcher(): Promise<RunningPlatform> {
    const extra = await startPlatformProcesses(this.test, ['pool-dispatcher'], this.env);
    this.extraDispatchers.push(extra);
    return extra;
  }

  /** A number of the given range (e.g. `+20100` for Vodafone Egypt) no other test uses. */
  number(prefix: string, digits = 7): string {
    this.counter += 1;
    const tail = String(Date.now() % 10 ** (digits - 3)).padStart(digits - 3, '0') + String(this.counter).padStart(3, '0');
    return `${prefix}${tail.slice(-digits)}`;
  }

  async registerPhone(prefix: string, behaviour: PhoneBehaviour = 'sends'): Promise<RegisteredDevice> {
    const device = await this.observer.rpc.call(
      RegisterDevice,
      'pool-dispatcher',
      { ownerId: this.ownerId, phoneNumber: this.number(prefix), label: 'test phone' },
      { timeoutMs: 10_000 },
    );
    this.behaviour.set(device.id, behaviour);
    return device;
  }

  /** The owner's view of one phone (sentToday, quotaLeft, health). */
  async device(deviceId: string): Promise<DeviceView> {
    const page = await this.observer.rpc.call(ListDevices, 'pool-dispatcher', { ownerId: this.ownerId, limit: 100 });
    const found = page.items.find((item) => item.id === deviceId);
    if (!found) throw new Error(`device ${deviceId} is not listed`);
    return found;
  }

  async pause(deviceId: string): Promise<void> {
    await this.observer.rpc.call(UpdateDevice, 'pool-dispatcher', { ownerId: this.ownerId, deviceId, paused: true });
  }

  async remove(deviceId: string): Promise<void> {
    await this.observer.rpc.call(DeleteDevice, 'pool-dispatcher', { ownerId: this.ownerId, deviceId });
    this.online.delete(deviceId);
  }

  async setQuota(deviceId: string, dailyQuota: number): Promise<void> {
    await this.observer.rpc.call(UpdateDevice, 'pool-dispatcher', { ownerId: this.ownerId, deviceId, dailyQuota });
  }

  /** Connects the phones (in this order) and waits until the dispatcher has configured each. */
  async connect(...deviceIds: string[]): Promise<void> {
    for (const deviceId of deviceIds) {
      this.online.set(deviceId, this.gatewayInstanceId);
      await this.observer.publish(DeviceOnline, { deviceId, ownerId: this.ownerId, gatewayInstanceId: this.gatewayInstanceId, at: new Date().toISOString() });
      await eventually(() => expect(this.configures.some((configure) => configure.deviceId === deviceId)).toBe(true), { timeoutMs: 10_000 });
    }
  }

  async disconnect(deviceId: string): Promise<void> {
    this.online.delete(deviceId);
    await this.observer.publish(DeviceOffline, { deviceId, ownerId: this.ownerId, gatewayInstanceId: this.gatewayInstanceId, at: new Date().toISOString() });
  }

  /** Takes every phone of the previous test offline, so pools start empty. */
  async disconnectAll(): Promise<void> {
    for (const deviceId of [...this.online.keys()]) await this.disconnect(deviceId);
  }

  async request(overrides: Partial<MessageRequestedPayload> & { to: string }): Promise<MessageRequestedPayload> {
    const request: MessageRequestedPayload = {
      messageId: uuidv7(),
      organizationId: uuidv7(),
      body: 'Your code is 123456',
      messageType: 'otp',
      route: 'auto',
      ...overrides,
    };
    await this.observer.publish(MessageRequested, request, { tenantId: request.organizationId });
    return request;
  }

  pushesFor(messageId: string): ReceivedPush[] {
    return this.pushes.filter((push) => push.payload.messageId === messageId);
  }

  statusesFor(messageId: string): MessageStatusPayload[] {
    return this.statuses.filter((status) => status.messageId === messageId);
  }

  async waitForStatus(messageId: string, status: MessageStatusPayload['status'], timeoutMs = 10_000): Promise<MessageStatusPayload> {
    return eventually(
      () => {
        const found = this.statusesFor(messageId).find((candidate) => candidate.status === status);
        if (!found) throw new Error(`no ${status} for ${messageId}; got ${this.statusesFor(messageId).map((s) => s.status).join(', ')}`);
        return found;
      },
      { timeoutMs },
    );
  }

  async waitForPushes(messageId: string, count: number, timeoutMs = 10_000): Promise<ReceivedPush[]> {
    return eventually(
      () => {
        const pushes = this.pushesFor(messageId);
        expect(pushes.length).toBeGreaterThanOrEqual(count);
        return pushes;
      },
      { timeoutMs },
    );
  }

  returnLease(push: PushToDevicePayload, reason: LeaseReturnReason) {
    const { leaseId, messageId, deviceId } = push;
    return this.observer.publish(DeviceLeaseReturned, { leaseId, messageId, deviceId, reason, at: new Date().toISOString() });
  }

  heartbeat(deviceId: string, carrier: { mcc: string; mnc: string; name?: string }) {
    return this.observer.publish(DeviceHeartbeat, { deviceId, battery: 80, signal: 3, carrier, at: new Date().toISOString() });
  }

  ack(push: PushToDevicePayload, accepted = true, reason?: string) {
    const { leaseId, messageId, deviceId } = push;
    return this.observer.publish(DeviceSendAcked, { leaseId, messageId, deviceId, accepted, ...(reason && { reason }), at: new Date().toISOString() });
  }

  report(push: PushToDevicePayload, status: 'sent' | 'failed' | 'delivered', errorCode?: string) {
    const { leaseId, messageId, deviceId } = push;
    return this.observer.publish(DeviceSmsStatus, { leaseId, messageId, deviceId, status, ...(errorCode && { errorCode }), at: new Date().toISOString() });
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.test.settings.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${this.test.namespace.schema('pool-dispatcher')}`);
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  private async onPush(payload: PushToDevicePayload): Promise<void> {
    this.pushes.push({ payload, receivedAt: Date.now() });
    const behaviour = this.behaviour.get(payload.deviceId) ?? 'manual';
    if (behaviour === 'sends') {
      await this.ack(payload);
      await this.report(payload, 'sent');
    } else if (behaviour === 'rejects') {
      await this.ack(payload, false, 'sim_busy');
    } else if (behaviour === 'fails') {
      await this.ack(payload);
      await this.report(payload, 'failed', 'generic_failure');
    }
  }
}
