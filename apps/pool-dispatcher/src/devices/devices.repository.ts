import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeviceRow } from './device-row';

export interface NewDevice {
  id: string;
  ownerId: string;
  phoneNumber: string;
  label: string;
  country: string;
  carrier: string | null;
}

export interface DeviceFilter {
  ownerId?: string;
  country?: string;
  carrier?: string;
  quarantined?: boolean;
  paused?: boolean;
  ids?: string[];
}

/** The devices table; owners' reads and writes always name the owner. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** False when the number is already registered (by anyone). */
  async insert(device: NewDevice): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO devices (id, owner_id, phone_number, label, country, carrier) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (phone_number) DO NOTHING RETURNING id`,
      [device.id, device.ownerId, device.phoneNumber, device.label, device.country, device.carrier],
    )) as unknown[];
    return rows.length === 1;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<DeviceRow | null> {
    const rows = (await manager.query(`SELECT * FROM devices WHERE id = $1`, [id])) as DeviceRow[];
    return rows[0] ?? null;
  }

  async ownedBy(ownerId: string, id: string): Promise<DeviceRow | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM devices WHERE id = $1 AND owner_id = $2`, [id, ownerId])) as DeviceRow[];
    return rows[0] ?? null;
  }

  /** A page in id order (UUIDv7: registration order), after `cursor`. */
  async page(filter: DeviceFilter, cursor: string | undefined, limit: number): Promise<DeviceRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.ownerId) add('owner_id = ?', filter.ownerId);
    if (filter.country) add('country = ?', filter.country.toUpperCase());
    if (filter.carrier) add('carrier = ?', filter.carrier.toLowerCase());
    if (filter.ids) add('id = ANY(?::uuid[])', filter.ids);
    if (filter.quarantined !== undefined) conditions.push(filter.quarantined ? 'quarantined_at IS NOT NULL' : 'quarantined_at IS NULL');
    if (filter.paused !== undefined) add('paused = ?', filter.paused);
    if (cursor) add('id > ?', cursor);
    params.push(limit);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.dataSource.query(`SELECT * FROM devices ${where} ORDER BY id LIMIT $${params.length}`, params) as Promise<DeviceRow[]>;
  }

  async all(filter: { country?: string } = {}): Promise<DeviceRow[]> {
    if (filter.country) {
      return this.dataSource.query(`SELECT * FROM devices WHERE country = $1`, [filter.country.toUpperCase()]) as Promise<DeviceRow[]>;
    }
    return this.dataSource.query(`SELECT * FROM devices`) as Promise<DeviceRow[]>;
  }

  async updateSettings(id: string, changes: { dailyQuota?: number; paused?: boolean; label?: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE devices SET daily_quota = coalesce($2, daily_quota), paused = coalesce($3, paused), label = coalesce($4, label)
       WHERE id = $1`,
      [id, changes.dailyQuota ?? null, changes.paused ?? null, changes.label ?? null],
    );
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM devices WHERE id = $1`, [id]);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE devices SET last_seen_at = greatest(coalesce(last_seen_at, $2), $2) WHERE id = $1`, [id, at]);
  }

  /** What the SIM says about itself wins over what the number's range says. */
  async recordHeartbeat(
    id: string,
    report: { at: Date; battery?: number; signal?: number; carrier?: string | null; mcc?: string; mnc?: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE devices SET last_seen_at = greatest(coalesce(last_seen_at, $2), $2), battery = coalesce($3, battery),
         signal = coalesce($4, signal), carrier = coalesce($5, carrier), sim_mcc = coalesce($6, sim_mcc), sim_mnc = coalesce($7, sim_mnc)
       WHERE id = $1`,
      [id, report.at, report.battery ?? null, report.signal ?? null, report.carrier ?? null, report.mcc ?? null, report.mnc ?? null],
    );
  }

  /** Adds one finished send to the phone's record and returns the new counts. */
  async countSend(
    manager: EntityManager,
    id: string,
    kind: 'succeeded' | 'failed' | 'timed_out',
  ): Promise<Pick<DeviceRow, 'sends_succeeded' | 'sends_failed' | 'sends_timed_out' | 'quarantined_at'> | null> {
    const column = kind === 'succeeded' ? 'sends_succeeded' : kind === 'failed' ? 'sends_failed' : 'sends_timed_out';
    const [rows] = (await manager.query(
      `UPDATE devices SET ${column} = ${column} + 1 WHERE id = $1
       RETURNING sends_succeeded, sends_failed, sends_timed_out, quarantined_at`,
      [id],
    )) as [DeviceRow[], number];
    return rows[0] ?? null;
  }

  async setHealth(manager: EntityManager, id: string, score: number, quarantine: boolean): Promise<void> {
    await manager.query(
      `UPDATE devices SET health_score = $2,
         quarantined_at = CASE WHEN $3 THEN coalesce(quarantined_at, now()) ELSE quarantined_at END
       WHERE id = $1`,
      [id, score, quarantine],
    );
  }

  /** An operator's release: out of quarantine with a clean record (health and proven-delivery evidence start again). */
  async release(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE devices SET quarantined_at = NULL, sends_succeeded = 0, sends_failed = 0, sends_timed_out = 0, health_score = 1, proofs_since = now()
       WHERE id = $1 AND banned_at IS NULL`,
      [id],
    );
  }
}
