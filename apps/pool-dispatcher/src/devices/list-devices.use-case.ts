import { Injectable } from '@nestjs/common';
import { DevicePage, ListDevicesRequest } from '@zagel/contracts';
import { cursorOf } from './device-cursor';
import { DeviceViews } from './device-views';
import { DevicesRepository } from './devices.repository';

const DEFAULT_PAGE = 50;

/** An owner's own phones. */
@Injectable()
export class ListDevicesUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
  ) {}

  async execute(request: ListDevicesRequest): Promise<DevicePage> {
    const limit = request.limit ?? DEFAULT_PAGE;
    const rows = await this.devices.page({ ownerId: request.ownerId }, cursorOf(request.cursor), limit + 1);
    const { views } = await this.views.of(rows.slice(0, limit));
    return { items: views, ...(rows.length > limit && { nextCursor: rows[limit - 1].id }) };
  }
}
