import { Injectable } from '@nestjs/common';
import { AdminListPoolsRequest, DeviceView, PoolList, PoolView } from '@zagel/contracts';
import { DeviceViews } from '../devices/device-views';
import { DevicesRepository } from '../devices/devices.repository';
import { LeaseStore } from '../leases/lease-store';
import { PoolStore } from '../pools/pool-store';

/** Operators' view of the pools: phones online and available, quota left today, leases in flight. */
@Injectable()
export class ListPoolsUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly views: DeviceViews,
    private readonly pools: PoolStore,
    private readonly leases: LeaseStore,
  ) {}

  async execute(request: AdminListPoolsRequest): Promise<PoolList> {
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
}
