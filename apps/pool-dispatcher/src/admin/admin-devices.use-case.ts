import { Injectable } from '@nestjs/common';
import {
  AdminListDevicesRequest,
  AdminListPoolsRequest,
  AdminUpdateDeviceRequest,
  DeviceErrorCode,
  DevicePage,
  DeviceView,
  PoolList,
  PoolView,
} from '@zagel/contracts';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { DeviceViews } from '../devices/device-views';
import { DeviceError } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { cursorOf } from '../devices/manage-devices.use-case';
import { LeaseStore } from '../leases/lease-store';
import { PoolStore } from '../pools/pool-store';

const DEFAULT_PAGE = 50;

/** Operators' view of the device network: pools, phones by state, releasing quarantined phones. */
@Injectable()
export class AdminDevicesUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
    private readonly pools: PoolStore,
    private readonly leases: LeaseStore,
  ) {}

  async listPools(request: AdminListPoolsRequest): Promise<PoolList> {
    const rows = await this.devices.all({ country: request.country });
    const { views } = await this.views.of(rows);
    const inFlight = await this.leases.openLeaseCounts(rows.map((row) => row.id));
    const live = await this.pools.liveState(rows.map((row) => row.id));
    const pools = new Map<string, PoolView>();
    const tally = (country: string, carrier: string | null, view: DeviceView) => {
      const name = `${country}|${carrier ?? ''}`;
      const pool = pools.get(name) ?? {
        country,
        carrier,
        onlinePhones: 0,
        availablePhones: 0,
        quotaLeftToday: 0,
        inFlightLeases: 0,
        quarantinedPhones: 0,
      };
      pools.set(name, pool);
      if (view.quarantined) pool.quarantinedPhones += 1;
      pool.inFlightLeases += inFlight.get(view.id) ?? 0;
      if (!view.online) return;
      pool.onlinePhones += 1;
      if (view.paused || view.quarantined || view.coolingDownUntil) return;
      pool.quotaLeftToday += view.quotaLeft;
      if (view.quotaLeft > 0 && live.get(view.id)?.inPool) pool.availablePhones += 1;
    };
    for (const view of views) {
      tally(view.country, null, view);
      if (view.carrier) tally(view.country, view.carrier, view);
    }
    const items = [...pools.values()].sort(
      (a, b) => a.country.localeCompare(b.country) || (a.carrier ?? '').localeCompare(b.carrier ?? ''),
    );
    return { items };
  }

  async listDevices(request: AdminListDevicesRequest): Promise<DevicePage> {
    const limit = request.limit ?? DEFAULT_PAGE;
    const stored = request.status === 'quarantined' ? { quarantined: true } : request.status === 'paused' ? { paused: true } : {};
    const filter = { country: request.country, carrier: request.carrier, ...stored };
    const live = request.status === 'online' || request.status === 'offline' || request.status === 'cooling_down';
    let cursor = cursorOf(request.cursor);
    const items: DeviceView[] = [];
    // Presence lives in Redis, so live filters read pages until one is full.
    for (;;) {
      const rows: DeviceRow[] = await this.devices.page(filter, cursor, limit + 1);
      const { views } = await this.views.of(rows);
      for (const view of views) {
        if (items.length === limit) return { items, nextCursor: items[items.length - 1].id };
        if (!live || matchesLive(view, request.status)) items.push(view);
      }
      if (rows.length <= limit) return { items };
      cursor = rows[rows.length - 1].id;
    }
  }

  async update(request: AdminUpdateDeviceRequest): Promise<DeviceView> {
    const row = await this.devices.byId(request.deviceId);
    if (!row) throw new DeviceError(DeviceErrorCode.DeviceNotFound, 'No such device.');
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

function matchesLive(view: DeviceView, status: AdminListDevicesRequest['status']): boolean {
  if (status === 'online') return view.online;
  if (status === 'offline') return !view.online;
  return view.coolingDownUntil !== null;
}
