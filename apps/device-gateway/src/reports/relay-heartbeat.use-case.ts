import { Injectable } from '@nestjs/common';
import { DeviceHeartbeat, DeviceHeartbeatReport } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { DeviceReportsRelay } from './device-reports-relay';

/** A phone's heartbeat keeps its presence alive and goes on to the dispatcher (battery, signal, SIM operator). */
@Injectable()
export class RelayHeartbeatUseCase {
  constructor(
    private readonly bus: Bus,
    private readonly presence: DevicePresenceStore,
    private readonly reports: DeviceReportsRelay,
  ) {}

  async execute(deviceId: string, socketId: string, report: DeviceHeartbeatReport): Promise<void> {
    const at = new Date();
    await this.presence.refresh(deviceId, socketId, at);
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
