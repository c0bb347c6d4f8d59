import { DeviceRoutingRecord } from '../pools/pool-store';

/** A row of the devices table as the repository returns it. */
export interface DeviceRow {
  id: string;
  owner_id: string;
  phone_number: string;
  label: string;
  country: string;
  carrier: string | null;
  sim_mcc: string | null;
  sim_mnc: string | null;
  daily_quota: number | null;
  paused: boolean;
  quarantined_at: Date | null;
  /** An operator's ban: no traffic ever again (the row stays, so the number cannot come back). */
  banned_at: Date | null;
  /** Evidence for the proven-delivery rate counts from here (an operator's release starts it again). */
  proofs_since: Date | null;
  sends_succeeded: number;
  sends_failed: number;
  sends_timed_out: number;
  health_score: number;
  last_seen_at: Date | null;
  created_at: Date;
}

export function routingRecordOf(row: DeviceRow): DeviceRoutingRecord {
  return {
    deviceId: row.id,
    ownerId: row.owner_id,
    country: row.country,
    carrier: row.carrier,
    dailyQuota: row.daily_quota,
    paused: row.paused,
    quarantined: row.quarantined_at !== null || row.banned_at !== null,
    order: row.created_at.getTime(),
  };
}
