import { Injectable, Logger } from '@nestjs/common';
import {
  DEVICE_TO_SERVER_EVENTS,
  DeviceConfigNotice,
  DeviceEventAck,
  DeviceEventError,
  DeviceHeartbeatReport,
  DeviceOffline,
  DeviceOnline,
  DisconnectDevice,
  SmsReceivedReport,
  SmsStatusReport,
} from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { DeviceGatewayConfig } from '../config';
import { LeaseEvents } from '../leases/lease-events';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { RelayHeartbeatUseCase } from '../reports/relay-heartbeat.use-case';
import { ReportSmsReceivedUseCase } from '../reports/report-sms-received.use-case';
import { ReportSmsStatusUseCase } from '../reports/report-sms-status.use-case';
import { AuthenticatedDevice } from './device-authenticator';
import { deviceGatewayMetrics } from './device-gateway.metrics';
import { traceDeviceEvent } from './device-socket-tracing';
import { EventRateLimiter } from './event-rate-limiter';
import { DeviceSocket, deviceRoom, LiveDevice, LiveDevices } from './live-devices';
import { validatePayload } from './validate-payload';

const KNOWN_EVENTS = new Set<string>(DEVICE_TO_SERVER_EVENTS);

type Ack = (answer: DeviceEventAck) => void;

function ackOf(args: unknown[]): Ack | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Ack) : undefined;
}

/**
 * One phone's connection from handshake to close: presence and `device.online`/`device.offline`,
 * replacing an older connection of the same phone, and its events (validated, rate-limited).
 */
@Injectable()
export class DeviceSessions {
  private readonly logger = new Logger(DeviceSessions.name);
  /** Set when the instance shuts down: the shutdown hands leases back itself. */
  private closing = false;

  constructor(
    private readonly bus: Bus,
    private readonly live: LiveDevices,
    private readonly presence: DevicePresenceStore,
    private readonly leaseEvents: LeaseEvents,
    private readonly statusReports: ReportSmsStatusUseCase,
    private readonly heartbeats: RelayHeartbeatUseCase,
    private readonly receivedReports: ReportSmsReceivedUseCase,
    private readonly settings: DeviceGatewayConfig,
  ) {}

  async open(socket: DeviceSocket, identity: AuthenticatedDevice): Promise<void> {
    const device = new LiveDevice(socket, identity.deviceId, identity.ownerId, new EventRateLimiter(this.settings.DEVICE_EVENTS_PER_SECOND));
    this.listen(device);
    const at = new Date();
    const previous = await this.presence.claim(device.deviceId, { instanceId: this.bus.instanceId, socketId: socket.id, ownerId: device.ownerId }, at);
    if (socket.disconnected) {
      await this.close(device);
      return;
    }
    socket.on('disconnect', () => {
      if (this.closing) return;
      this.close(device).catch((error: unknown) => {
        this.logger.error(`device ${device.deviceId}: close not recorded: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    const replaced = this.live.add(device);
    void socket.join(deviceRoom(device.deviceId));
    if (replaced) this.dropReplaced(replaced);
    else if (previous && previous.instanceId !== this.bus.instanceId) {
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: previous.instanceId }, { deviceId: device.deviceId, reason: 'replaced' });
    }
    await this.bus.publish(DeviceOnline, { deviceId: device.deviceId, ownerId: device.ownerId, gatewayInstanceId: this.bus.instanceId, at: at.toISOString() });
  }

  /** Sends the phone its quota and pause state, through its room. */
  configure(deviceId: string, notice: DeviceConfigNotice): boolean {
    const device = this.live.get(deviceId);
    device?.socket.nsp.to(deviceRoom(deviceId)).emit('device:config', { dailyQuota: notice.dailyQuota, paused: notice.paused });
    return device !== undefined;
  }

  /** Tells the phone why, then closes its connection (its leases go back as `disconnected`). */
  disconnect(deviceId: string, reason: string, retryAfterSeconds?: number): boolean {
    const device = this.live.get(deviceId);
    if (!device) return false;
    device.socket.emit('device:disconnect', { reason, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
    device.socket.disconnect(true);
    return true;
  }

  /**
   * Shutdown: hand every lease this instance's phones hold back (`gateway_shutdown`), tell the phones
   * to reconnect (to another instance), mark them offline and close their connections.
   */
  async closeAll(leasesHeld: (deviceId: string) => Promise<{ messageId: string; leaseId: string }[]>): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.live.all().map(async (device) => {
        const held = new Map((await leasesHeld(device.deviceId)).map((lease) => [lease.messageId, lease.leaseId]));
        for (const [messageId, leaseId] of device.pendingAcks) held.set(messageId, leaseId);
        device.pendingAcks.clear();
        for (const [messageId, leaseId] of held) {
          await this.leaseEvents.returned({ leaseId, messageId, deviceId: device.deviceId }, 'gateway_shutdown', { holdsSlot: true });
        }
        device.socket.emit('device:reconnect', { retryAfterSeconds: this.settings.DEVICE_RECONNECT_AFTER_SECONDS });
        this.live.remove(device);
        await this.markOffline(device);
        device.socket.disconnect(true);
      }),
    );
  }

  private listen(device: LiveDevice): void {
    const { socket } = device;
    socket.use(([event, ...args], next) => {
      const ack = ackOf(args);
      if (!KNOWN_EVENTS.has(event)) {
        deviceGatewayMetrics.rejectedEvents.inc({ reason: DeviceEventError.UnknownEvent });
        ack?.({ ok: false, error: DeviceEventError.UnknownEvent });
        return;
      }
      if (!device.limiter.take()) {
        deviceGatewayMetrics.rejectedEvents.inc({ reason: DeviceEventError.RateLimited });
        ack?.({ ok: false, error: DeviceEventError.RateLimited });
        return;
      }
      next();
    });
    socket.on('sms:status', (...args: unknown[]) =>
      this.answer(args, SmsStatusReport, (report) => traceDeviceEvent('sms:status', device.deviceId, report, () => this.statusReports.execute(device.deviceId, report))),
    );
    socket.on('sms:received', (...args: unknown[]) =>
      this.answer(args, SmsReceivedReport, (report) => traceDeviceEvent('sms:received', device.deviceId, {}, () => this.receivedReports.execute(device.deviceId, report))),
    );
    socket.on('device:heartbeat', (...args: unknown[]) =>
      this.answer(args, DeviceHeartbeatReport, async (report) => {
        await this.heartbeats.execute({ deviceId: device.deviceId, ownerId: device.ownerId, socketId: socket.id }, report);
        return { ok: true };
      }),
    );
  }

  private answer<T extends object>(args: unknown[], type: new () => T, work: (payload: T) => Promise<DeviceEventAck>): void {
    const ack = ackOf(args) ?? (() => undefined);
    const payload = validatePayload(type, args[0]);
    if (!payload || args.length > 2) {
      deviceGatewayMetrics.rejectedEvents.inc({ reason: DeviceEventError.InvalidPayload });
      ack({ ok: false, error: DeviceEventError.InvalidPayload });
      return;
    }
    work(payload).then(ack, (error: unknown) => {
      this.logger.warn(`phone event not handled: ${error instanceof Error ? error.message : String(error)}`);
      ack({ ok: false, error: DeviceEventError.Unavailable });
    });
  }

  private dropReplaced(replaced: LiveDevice): void {
    replaced.socket.emit('device:replaced', {});
    replaced.socket.disconnect(true);
  }

  /** The socket went away: its unacked pushes go back, and the phone is offline unless another socket took over. */
  private async close(device: LiveDevice): Promise<void> {
    this.live.remove(device);
    const unacked = [...device.pendingAcks];
    device.pendingAcks.clear();
    for (const [messageId, leaseId] of unacked) {
      await this.leaseEvents.returned({ leaseId, messageId, deviceId: device.deviceId }, 'disconnected', { holdsSlot: true });
    }
    if (this.live.get(device.deviceId)) return;
    await this.markOffline(device);
  }

  private async markOffline(device: LiveDevice): Promise<void> {
    if (!(await this.presence.release(device.deviceId, device.socket.id))) return;
    await this.bus.publish(DeviceOffline, { deviceId: device.deviceId, ownerId: device.ownerId, gatewayInstanceId: this.bus.instanceId, at: new Date().toISOString() });
  }
}
