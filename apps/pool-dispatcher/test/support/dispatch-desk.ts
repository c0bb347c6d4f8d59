import { randomBytes } from 'node:crypto';
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
  MessageBatchRequested,
  MessageBatchRequestedPayload,
  MessageRequested,
  MessageRequestedPayload,
  MessageStatusBatch,
  MessageStatusChanged,
  MessageStatusesChanged,
  MessageStatusPayload,
  PushToDevice,
  PushToDevicePayload,
  LeaseReturnReason,
  ListDevices,
  Register,
  RegisterDevice,
  RegisteredDevice,
  SendBatchViaProvider,
  SendBatchViaProviderPayload,
  SendViaProvider,
  SendViaProviderPayload,
  UpdateDevice,
} from '@zagel/contracts';
import { BusProbe, randomPassword, TestPlatform, until } from '@zagel/testing';

/** How a fake phone answers a push. `manual`: the test answers itself. */
export type PhoneBehaviour = 'sends' | 'silent' | 'rejects' | 'fails' | 'manual';

export interface ReceivedPush {
  payload: PushToDevicePayload;
  receivedAt: number;
}

/**
 * What the pool-dispatcher tests do on a platform of auth and pool-dispatcher: the test plays the
 * device-gateway (one instance whose per-instance queue receives the pushes, with phones that behave as
 * told) and the provider-sender's command queue, and watches `message.status`.
 */
export class DispatchDesk {
  readonly gatewayInstanceId = `fake-gw-${randomBytes(3).toString('hex')}`;
  readonly pushes: ReceivedPush[] = [];
  readonly disconnects: DisconnectDevicePayload[] = [];
  readonly configures: ConfigureDevicePayload[] = [];
  readonly providerSends: SendViaProviderPayload[] = [];
  readonly providerBatches: SendBatchViaProviderPayload[] = [];
  readonly behaviour = new Map<string, PhoneBehaviour>();
  private readonly online = new Map<string, string>();
  private observer!: BusProbe;
  private ownerId = '';
  private counter = 0;

  private constructor(private readonly platform: TestPlatform) {}

  static async open(platform: TestPlatform): Promise<DispatchDesk> {
    const desk = new DispatchDesk(platform);
    await desk.playGateway(desk.gatewayInstanceId);
    await platform.probe({
      service: 'provider-sender',
      plays: (providers) => {
        providers.onCommand(SendViaProvider, (payload) => void desk.providerSends.push(payload));
        providers.onCommand(SendBatchViaProvider, (payload) => void desk.providerBatches.push(payload));
      },
    });
    desk.observer = await platform.probe({ service: 'dispatch-test', hears: [MessageStatusChanged, MessageStatusBatch, MessageStatusesChanged] });
    const session = await desk.observer.rpc.call(Register, 'auth', {
      email: `owner-${randomBytes(4).toString('hex')}@example.test`,
      password: randomPassword(),
      name: 'Phone Owner',
      accountType: 'device_owner',
      client: { ip: '198.51.100.7' },
    });
    desk.ownerId = session.user.id;
    return desk;
  }

  /** Plays one device-gateway instance: its per-instance queue receives pushes, disconnects and configures. */
  private async playGateway(instanceId: string): Promise<void> {
    await this.platform.probe({
      service: 'device-gateway',
      instanceId,
      plays: (gateway) => {
        gateway.onCommand(PushToDevice, (payload) => this.onPush(payload), { perInstance: true });
        gateway.onCommand(DisconnectDevice, (payload) => void this.disconnects.push(payload), { perInstance: true });
        gateway.onCommand(ConfigureDevice, (payload) => void this.configures.push(payload), { perInstance: true });
      },
    });
  }

  /** Every status heard, single, in a `message.status.batch` or in a `message.statuses` (a code's steps, announced together). */
  get statuses(): MessageStatusPayload[] {
    return [
      ...this.observer.heard(MessageStatusChanged),
      ...this.statusBatches.flatMap((batch) => batch.items),
      ...this.observer.heard(MessageStatusesChanged).flatMap((batch) => batch.items),
    ];
  }

  get statusBatches() {
    return this.observer.heard(MessageStatusBatch);
  }

  /** Publishes as the test, e.g. a `message.status` the customer's cancel would cause. */
  get bus(): BusProbe {
    return this.observer;
  }

  /** A number of the given range (e.g. `+20100` for Vodafone Egypt) no other test uses. */
  number(prefix: string, digits = 7): string {
    this.counter += 1;
    const tail = String(Date.now() % 10 ** (digits - 3)).padStart(digits - 3, '0') + String(this.counter).padStart(3, '0');
    return `${prefix}${tail.slice(-digits)}`;
  }

  /** A silent phone and a good one of `prefix` online, and a message pushed to the silent one first. */
  async pushedToSilentPhone(prefix: string) {
    const silent = await this.registerPhone(prefix, 'silent');
    const good = await this.registerPhone(prefix, 'sends');
    await this.connect(silent.id, good.id);
    const request = await this.request({ to: this.number(prefix) });
    const [first] = await this.waitForPushes(request.messageId, 1);
    if (first.payload.deviceId !== silent.id) throw new Error(`the first push went to ${first.payload.deviceId}, not the silent phone ${silent.id}`);
    return { silent, good, request, first };
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
      await until(() => this.configures.some((configure) => configure.deviceId === deviceId), { what: `the dispatcher to configure ${deviceId}`, deadline: 10_000 });
    }
  }

  /**
   * The phone comes back through another gateway instance (the first one crashed with its sockets),
   * which this desk plays too.
   */
  async reconnectThrough(deviceId: string, gatewayInstanceId: string): Promise<void> {
    await this.playGateway(gatewayInstanceId);
    this.online.set(deviceId, gatewayInstanceId);
    await this.observer.publish(DeviceOnline, { deviceId, ownerId: this.ownerId, gatewayInstanceId, at: new Date().toISOString() });
  }

  async disconnect(deviceId: string): Promise<void> {
    const gatewayInstanceId = this.online.get(deviceId) ?? this.gatewayInstanceId;
    this.online.delete(deviceId);
    await this.observer.publish(DeviceOffline, { deviceId, ownerId: this.ownerId, gatewayInstanceId, at: new Date().toISOString() });
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
      lane: 'live',
      origin: 'otp',
      ...overrides,
    };
    await this.observer.publish(MessageRequested, request, { tenantId: request.organizationId });
    return request;
  }

  /** Publishes a bulk batch of recipients (new message ids) of one organization. */
  async requestBatch(tos: readonly string[], overrides: Partial<Omit<MessageBatchRequestedPayload, 'recipients'>> = {}): Promise<MessageBatchRequestedPayload> {
    const batch: MessageBatchRequestedPayload = {
      batchId: uuidv7(),
      organizationId: uuidv7(),
      messageType: 'promotional',
      route: 'auto',
      ...overrides,
      recipients: tos.map((to) => ({ messageId: uuidv7(), to, body: 'Weekend sale: 20% off' })),
    };
    await this.publishBatch(batch);
    return batch;
  }

  publishBatch(batch: MessageBatchRequestedPayload) {
    return this.observer.publish(MessageBatchRequested, batch, { tenantId: batch.organizationId });
  }

  pushesFor(messageId: string): ReceivedPush[] {
    return this.pushes.filter((push) => push.payload.messageId === messageId);
  }

  statusesFor(messageId: string): MessageStatusPayload[] {
    return this.statuses.filter((status) => status.messageId === messageId);
  }

  waitForStatus(messageId: string, status: MessageStatusPayload['status'], deadline = 10_000): Promise<MessageStatusPayload> {
    return until(() => this.statusesFor(messageId).find((candidate) => candidate.status === status), {
      what: `${status} for ${messageId} (so far: ${this.statusesFor(messageId).map((found) => found.status).join(', ') || 'nothing'})`,
      deadline,
    });
  }

  waitForPushes(messageId: string, count: number, deadline = 10_000): Promise<ReceivedPush[]> {
    return until(
      () => {
        const pushes = this.pushesFor(messageId);
        return pushes.length >= count ? pushes : undefined;
      },
      { what: `${count} push(es) of ${messageId}`, deadline },
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

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.platform.db('pool-dispatcher').query<T>(sql, params);
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
