import { Injectable } from '@nestjs/common';
import { ConfigureDevice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { PoolDispatcherConfig } from '../config';
import { PoolStore } from '../pools/pool-store';
import { DeviceRow } from './device-row';

/** Tells the phone's gateway its current quota and pause state (sent on connect and on change). */
@Injectable()
export class PushDeviceConfigUseCase {
  constructor(
    private readonly pools: PoolStore,
    private readonly bus: Bus,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  async execute(row: DeviceRow): Promise<void> {
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    if (!gatewayInstanceId) return;
    await this.bus.send(
      ConfigureDevice,
      { service: 'device-gateway', instanceId: gatewayInstanceId },
      { deviceId: row.id, dailyQuota: row.daily_quota ?? this.settings.DEVICE_DEFAULT_DAILY_QUOTA, paused: row.paused },
    );
  }
}
