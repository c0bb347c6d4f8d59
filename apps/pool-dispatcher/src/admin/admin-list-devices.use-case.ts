import { Injectable } from '@nestjs/common';
import { AdminListDevicesRequest, DevicePage, DeviceView } from '@zagel/contracts';
import { cursorOf } from '../devices/device-cursor';
import { DeviceRow } from '../devices/device-row';
import { DevicesRepository } from '../devices/devices.repository';
import { IntegrityViews } from '../integrity/integrity-views';

const DEFAULT_PAGE = 50;

/** Operators' list of phones, by country, carrier and state (stored, or live from Redis), with their proven-delivery rate. */
@Injectable()
export class AdminListDevicesUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: IntegrityViews,
  ) {}

  async execute(request: AdminListDevicesRequest): Promise<DevicePage> {
    const limit = request.limit ?? DEFAULT_PAGE;
    const stored = request.status === 'quarantined' ? { quarantined: true } : request.status === 'paused' ? { paused: true } : {};
    const filter = { country: request.country, carrier: request.carrier, ...stored, ...(request.quarantined !== undefined && { quarantined: request.quarantined }) };
    const live = request.status === 'online' || request.status === 'offline' || request.status === 'cooling_down';
    let cursor = cursorOf(request.cursor);
    const items: DeviceView[] = [];
    // Presence lives in Redis, so live filters read pages until one is full.
    for (;;) {
      const rows: DeviceRow[] = await this.devices.page(filter, cursor, limit + 1);
      const views = await this.views.of(rows);
      for (const view of views) {
        if (items.length === limit) return { items, nextCursor: items[items.length - 1].id };
        if (!live || matchesLive(view, request.status)) items.push(view);
      }
      if (rows.length <= limit) return { items };
      cursor = rows[rows.length - 1].id;
    }
  }
}

function matchesLive(view: DeviceView, status: AdminListDevicesRequest['status']): boolean {
  if (status === 'online') return view.online;
  if (status === 'offline') return !view.online;
  return view.coolingDownUntil !== null;
}
