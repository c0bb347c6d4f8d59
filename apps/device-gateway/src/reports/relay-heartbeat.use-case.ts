import { Injectable } from '@nestjs/common';
import { DeviceHeartbeat, DeviceHeartbeatReport, DeviceOnline } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { DeviceReportsRelay } from './device-reports-relay';

/**
 * A phone's heartbeat keeps its presence alive and goes on to the dispatcher (battery, signal, SIM
 * operator). A heartbeat that finds no presence at all (Redis lost it, or it lapsed) takes it again
 * and announces the phone online once more: that is how the pools are filled again after a loss of
 * Redis, without the phones reconnecting.
 */
@Injectable()
export class RelayHeartbeatUseCase {
  constructor(
    private readonly bus: Bus,
    private readonly presence: DevicePresenceStore,
    private readonly reports: DeviceReportsRelay,
  ) {}

  async execute(device: { deviceId: string; ownerId: string; socketId: string }, report: DeviceHeartbeatReport): Promise<void> {
    const { deviceId, ownerId, socketId } = device;
    const at = new Date();
    const presence = await this.presence.refresh(deviceId, { instanceId: this.bus.instanceId, socketId, ownerId }, at);
    if (presence === 'retaken') {
      await this.bus.publish(DeviceOnline, { deviceId, ownerId, gatewayInstanceId: this.bus.instanceId, at: at.toISOString() });
    }
    // After the reports before it: whoever hears a phone's heartbeat has heard what it reported earlier.
    await this.reports.drained();
    await this.bus.publish(DeviceHeartbeat, {
      deviceId,
      ...(report.battery !== undefined ? { battery: report.battery } : {}),
      ...(report.signal !== undefined ? { signal: report.signal } : {}),
      ...(report.carrier ? { carrier: { mcc: report.carrier.mcc, mnc: report.carrier.mnc, ...(report.carrier.name ? { name: report.carrier.name } : {}) } } : {}),
      at: at.toISOString(),
    });
  }
}
