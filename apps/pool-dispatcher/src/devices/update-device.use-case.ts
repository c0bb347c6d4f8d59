import { Injectable } from '@nestjs/common';
import { DeviceView, UpdateDeviceRequest } from '@zagel/contracts';
import { PoolStore } from '../pools/pool-store';
import { DeviceRow, routingRecordOf } from './device-row';
import { DeviceViews } from './device-views';
import { deviceNotFound } from './devices.errors';
import { DevicesRepository } from './devices.repository';
import { PushDeviceConfigUseCase } from './push-device-config.use-case';

/** An owner changes one of their phones' settings (quota, pause); another owner's phone is not found. */
@Injectable()
export class UpdateDeviceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
    private readonly pools: PoolStore,
    private readonly pushConfig: PushDeviceConfigUseCase,
  ) {}

  async execute(request: UpdateDeviceRequest): Promise<DeviceView> {
    const row = await this.devices.ownedBy(request.ownerId, request.deviceId);
    if (!row) throw deviceNotFound();
    await this.devices.updateSettings(row.id, request);
    const updated = (await this.devices.byId(row.id)) as DeviceRow;
    await this.pools.putDevice(routingRecordOf(updated));
    await this.pushConfig.execute(updated);
    const { views } = await this.views.of([updated]);
    return views[0];
  }
}
