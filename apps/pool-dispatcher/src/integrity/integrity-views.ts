import { Injectable } from '@nestjs/common';
import { DeviceView } from '@zagel/contracts';
import { DeviceRow } from '../devices/device-row';
import { DeviceViews } from '../devices/device-views';
import { DeliveryProofsRepository } from './delivery-proofs.repository';
import { provenDeliveryRate } from './proven-delivery-rate';

/** Phones as operators see them: the owner's view plus the proven-delivery rate and the ban. */
@Injectable()
export class IntegrityViews {
  constructor(
    private readonly views: DeviceViews,
    private readonly proofs: DeliveryProofsRepository,
  ) {}

  async of(rows: readonly DeviceRow[]): Promise<DeviceView[]> {
    const [{ views }, tallies] = await Promise.all([this.views.of(rows), this.proofs.tallies(rows.map((row) => row.id))]);
    const banned = new Set(rows.filter((row) => row.banned_at !== null).map((row) => row.id));
    return views.map((view) => {
      const tally = tallies.get(view.id);
      const rate = tally ? provenDeliveryRate(tally) : null;
      return { ...view, provenDeliveryRate: rate === null ? null : Math.round(rate * 1000) / 1000, banned: banned.has(view.id) };
    });
  }
}
