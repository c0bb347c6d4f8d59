import { v7 as uuidv7 } from 'uuid';
import {
  Contract,
  DeviceHeartbeat,
  DeviceLeaseReturned,
  DeviceOffline,
  DeviceOnline,
  DeviceReports,
  DeviceSendAcked,
  DeviceSmsStatus,
  IssueDeviceToken,
  PushToDevice,
  PushToDevicePayload,
  Register,
} from '@zagel/contracts';
import { SimulatedPhone, SimulatedPhoneOptions } from '@zagel/device-simulator';
import { BusProbe, randomPassword, TestPlatform, until } from '@zagel/testing';

const HEARD = [DeviceOnline, DeviceOffline, DeviceReports, DeviceSendAcked, DeviceSmsStatus, DeviceHeartbeat, DeviceLeaseReturned] as Contract[];

/** The gateway relays acks, statuses and returns in `device.reports` batches: where each kind sits in one. */
const IN_REPORTS = new Map<Contract, 'acks' | 'statuses' | 'returns'>([
  [DeviceSendAcked, 'acks'],
  [DeviceSmsStatus, 'statuses'],
  [DeviceLeaseReturned, 'returns'],
]);

export interface TestDevice {
  deviceId: string;
  token: string;
}

/**
 * What the device-gateway tests do on a platform of auth and device-gateway: the test plays the
 * pool-dispatcher on the bus (hears the gateway's events, sends it `device.push` commands) and
 * connects simulated phones to the gateway.
 */
export class GatewayDesk {
  readonly phones: SimulatedPhone[] = [];
  ownerId = '';

  private constructor(
    private readonly platform: TestPlatform,
    /** Plays the pool-dispatcher. */
    readonly dispatcher: BusProbe,
  ) {}

  static async open(platform: TestPlatform): Promise<GatewayDesk> {
    const desk = new GatewayDesk(platform, await platform.probe({ service: 'device-test-dispatcher', hears: HEARD }));
    const owner = await desk.dispatcher.rpc.call(
      Register,
      'auth',
      { email: `owner-${uuidv7()}@example.test`, password: randomPassword(), name: 'Phone Owner', accountType: 'device_owner', client: {} },
      { timeoutMs: 10_000 },
    );
    desk.ownerId = owner.user.id;
    return desk;
  }

  get gatewayUrl(): string {
    return this.platform.url('device-gateway');
  }

  /** A device of the owner and its token (auth issues it; no dispatcher knows the device). */
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

  /** Events of the kind heard so far, in order; acks, statuses and returns taken out of their `device.reports`. */
  received<P extends object>(contract: Contract<P>): P[] {
    const kind = IN_REPORTS.get(contract as Contract);
    if (!kind) return this.dispatcher.heard(contract);
    return [...this.dispatcher.heard(contract), ...this.dispatcher.heard(DeviceReports).flatMap((batch) => batch[kind] as unknown as P[])];
  }

  /** The first event of the kind (after the first `from`) that matches. */
  waitFor<P extends object>(contract: Contract<P>, match: (event: P) => boolean, from = 0, deadline = 10_000): Promise<P> {
    return until(() => this.received(contract).slice(from).find(match), { what: `${contract.type} matching the test`, deadline });
  }

  /**
   * A heartbeat from `phone` relayed to the bus: the gateway has handled everything that phone's
   * gateway did before it (events are published in order), so what did not come by then will not.
   */
  async heartbeatBarrier(phone: SimulatedPhone): Promise<void> {
    const from = this.received(DeviceHeartbeat).length;
    expect(await phone.heartbeat({ battery: 42 })).toEqual({ ok: true });
    await this.waitFor(DeviceHeartbeat, (event) => event.deviceId === phone.options.deviceId && event.battery === 42, from);
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

  closePhones(): void {
    for (const phone of this.phones.splice(0)) phone.close();
  }
}
