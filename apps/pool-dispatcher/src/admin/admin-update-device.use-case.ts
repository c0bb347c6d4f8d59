import { Injectable } from '@nestjs/common';
import { AdminUpdateDeviceRequest, DeviceView } from '@zagel/contracts';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { DeviceViews } from '../devices/device-views';
import { deviceNotFound } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { PoolStore } from '../pools/pool-store';

/** Operators release a quarantined phone back into its pools. */
@Injectable()
export class AdminUpdateDeviceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
    private readonly pools: PoolStore,
  ) {}

  async execute(request: AdminUpdateDeviceRequest): Promise<DeviceView> {
    const row = await this.devices.byId(request.deviceId);
    if (!row) throw deviceNotFound();
    if (request.quarantined === false && row.quarantined_at !== null) {
      await this.devices.release(row.id);
      await this.pools.coolDown(row.id, 0);
    }
    const updated = (await this.devices.byId(row.id)) as DeviceRow;
    await this.pools.putDevice(routingRecordOf(updated));
    const { views } = await this.views.of([updated]);
    return views[0];
  }
}
