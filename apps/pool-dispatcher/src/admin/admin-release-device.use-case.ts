import { Injectable } from '@nestjs/common';
import { AdminDeviceDecisionRequest, DeviceErrorCode, DeviceView } from '@zagel/contracts';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { DeviceError, deviceNotFound } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { IntegrityViews } from '../integrity/integrity-views';
import { PoolStore } from '../pools/pool-store';

/**
 * An operator releases a quarantined phone: back into its pools with a clean record (its health and
 * its proven-delivery evidence start again). Its held rewards stay pending until its next canary
 * arrives. A banned phone cannot be released.
 */
@Injectable()
export class AdminReleaseDeviceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    private readonly views: IntegrityViews,
  ) {}

  async execute(request: AdminDeviceDecisionRequest): Promise<DeviceView> {
    const row = await this.devices.byId(request.deviceId);
    if (!row) throw deviceNotFound();
    if (row.banned_at !== null) throw new DeviceError(DeviceErrorCode.DeviceBanned, 'This device is banned.');
    if (row.quarantined_at !== null) {
      await this.devices.release(row.id);
      await this.pools.coolDown(row.id, 0);
    }
    const updated = (await this.devices.byId(row.id)) as DeviceRow;
    await this.pools.putDevice(routingRecordOf(updated));
    return (await this.views.of([updated]))[0];
  }
}
