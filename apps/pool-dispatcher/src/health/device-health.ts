import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DisconnectDevice } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { PoolDispatcherConfig } from '../config';
import { routingRecordOf } from '../devices/device-row';
import { DevicesRepository } from '../devices/devices.repository';
import { countsAsTimeout, LeaseFailure } from '../leases/lease-states';
import { PoolStore } from '../pools/pool-store';
import { healthScore, shouldQuarantine } from './health-score';

/**
 * Punishes failed leases (successes are counted where they are recorded, in SettleLog): a failed lease drops the phone
 * from its pools for the cool-down (and disconnects it), and a score under the threshold
 * quarantines it until an operator releases it.
 */
@Injectable()
export class DeviceHealth {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  /** Out of the pool for the cool-down, disconnected, and quarantined if its score fell too low. */
  async dropFromPool(deviceId: string, failure: LeaseFailure): Promise<{ quarantined: boolean }> {
    const gatewayInstanceId = await this.pools.gatewayOf(deviceId);
    const cooldownSeconds = this.settings.DEVICE_COOLDOWN_SECONDS;
    await this.pools.coolDown(deviceId, Date.now() + cooldownSeconds * 1_000);
    const quarantined = await this.dataSource.transaction(async (manager) => {
      const counts = await this.devices.countSend(manager, deviceId, countsAsTimeout(failure) ? 'timed_out' : 'failed');
      if (!counts) return false;
      const record = { succeeded: counts.sends_succeeded, failed: counts.sends_failed, timedOut: counts.sends_timed_out };
      const quarantine = counts.quarantined_at === null && shouldQuarantine(record, this.settings.DEVICE_QUARANTINE_SCORE);
      await this.devices.setHealth(manager, deviceId, healthScore(record), quarantine);
      if (gatewayInstanceId) {
        await Outbox.add(
          manager,
          DisconnectDevice,
          quarantine
            ? { deviceId, reason: 'quarantined' }
            : { deviceId, reason: 'dropped_from_pool', retryAfterSeconds: cooldownSeconds },
          { target: { service: 'device-gateway', instanceId: gatewayInstanceId } },
        );
      }
      return quarantine;
    });
    if (quarantined) await this.markQuarantined(deviceId);
    return { quarantined };
  }

  private async markQuarantined(deviceId: string): Promise<void> {
    const row = await this.devices.byId(deviceId);
    if (row) await this.pools.putDevice(routingRecordOf(row));
  }
}
