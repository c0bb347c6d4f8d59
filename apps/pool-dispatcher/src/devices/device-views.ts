import { Injectable } from '@nestjs/common';
import { DeviceView } from '@zagel/contracts';
import { PoolDispatcherConfig } from '../config';
import { successRate } from '../health/health-score';
import { DeviceLiveState, PoolStore } from '../pools/pool-store';
import { DeviceRow } from './device-row';

/** Devices as owners and operators see them: the stored record plus live presence and today's quota. */
@Injectable()
export class DeviceViews {
  constructor(
    private readonly pools: PoolStore,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  async of(rows: readonly DeviceRow[]): Promise<{ views: DeviceView[]; live: Map<string, DeviceLiveState> }> {
    const live = await this.pools.liveState(rows.map((row) => row.id));
    return { views: rows.map((row) => this.view(row, live.get(row.id))), live };
  }

  private view(row: DeviceRow, live: DeviceLiveState | undefined): DeviceView {
    const dailyQuota = row.daily_quota ?? this.settings.DEVICE_DEFAULT_DAILY_QUOTA;
    const sentToday = live?.sentToday ?? 0;
    return {
      id: row.id,
      ownerId: row.owner_id,
      phoneNumber: row.phone_number,
      label: row.label,
      country: row.country,
      carrier: row.carrier,
      simMcc: row.sim_mcc,
      simMnc: row.sim_mnc,
      online: live?.online ?? false,
      paused: row.paused,
      quarantined: row.quarantined_at !== null,
      verification: row.verified_at === null ? 'unverified' : 'verified',
      dailyQuota,
      sentToday,
      quotaLeft: Math.max(0, dailyQuota - sentToday),
      successRate: successRate({ succeeded: row.sends_succeeded, failed: row.sends_failed, timedOut: row.sends_timed_out }),
      healthScore: Math.round(row.health_score * 1000) / 1000,
      coolingDownUntil: live?.coolingDownUntil ? new Date(live.coolingDownUntil).toISOString() : null,
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    };
  }
}
