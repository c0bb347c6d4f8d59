import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KEEPS_QUOTA_SQL } from './lease-states';
import { Lease } from './lease-store';

/** A unit of a phone's quota, as its attempt row recorded it: which lease took it, and when. */
export interface QuotaReservation {
  deviceId: string;
  leaseId: string;
  leasedAt: number;
}

export type AttemptOutcome = 'leased' | 'sent' | 'delivered' | 'rejected' | 'failed' | 'returned' | 'timed_out' | 'device_offline' | 'undelivered';

/** One row per lease: which phone had the message, when it answered, how it ended. */
@Injectable()
export class DeliveryAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordLeased(
    manager: EntityManager,
    attempt: { leaseId: string; messageId: string; deviceId: string; ownerId: string; attempt: number; leasedAt: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO delivery_attempts (lease_id, message_id, device_id, owner_id, attempt, leased_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lease_id) DO NOTHING`,
      [attempt.leaseId, attempt.messageId, attempt.deviceId, attempt.ownerId, attempt.attempt, attempt.leasedAt],
    );
  }

  /**
   * A lease that ended without a send. An upsert: a phone can fail a push before the lease's own
   * record (written after the push) has committed.
   */
  async recordFailure(manager: EntityManager, lease: Lease, outcome: AttemptOutcome, at: Date, errorCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO delivery_attempts AS a (lease_id, message_id, device_id, owner_id, attempt, leased_at, outcome, finished_at, acked_at, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (lease_id) DO UPDATE SET outcome = EXCLUDED.outcome, finished_at = EXCLUDED.finished_at,
         acked_at = coalesce(a.acked_at, EXCLUDED.acked_at), error_code = EXCLUDED.error_code`,
      [
        lease.leaseId,
        lease.messageId,
        lease.deviceId,
        lease.ownerId,
        lease.attempt,
        new Date(lease.leasedAt),
        outcome,
        at,
        lease.ackedAt === null ? null : new Date(lease.ackedAt),
        errorCode.slice(0, 64),
      ],
    );
  }

  /**
   * The quota units reserved since `since` and still spent, a page of phones at a time (each
   * phone's attempts are read through its (device_id, leased_at) index): what rebuilds the quota
   * windows after Redis lost them.
   */
  async *reservationsSince(since: Date, phonesPerPage = 1_000): AsyncGenerator<QuotaReservation[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const phones = (await this.dataSource.query(`SELECT id FROM devices WHERE id > $1 ORDER BY id LIMIT $2`, [after, phonesPerPage])) as { id: string }[];
      if (phones.length === 0) return;
      after = phones[phones.length - 1].id;
      const rows = (await this.dataSource.query(
        `SELECT device_id, lease_id, leased_at FROM delivery_attempts
         WHERE device_id = ANY($1::uuid[]) AND leased_at > $2 AND ${KEEPS_QUOTA_SQL}`,
        [phones.map((phone) => phone.id), since],
      )) as { device_id: string; lease_id: string; leased_at: Date }[];
      yield rows.map((row) => ({ deviceId: row.device_id, leaseId: row.lease_id, leasedAt: row.leased_at.getTime() }));
    }
  }

  /** A report that came after the lease closed: kept for the record, acted on never. */
  async recordLateReport(leaseId: string, report: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery_attempts SET late_reports = late_reports + 1, last_late_report = $2 WHERE lease_id = $1`,
      [leaseId, report],
    );
  }

  async forMessage(messageId: string): Promise<{ lease_id: string; device_id: string; outcome: string; late_reports: number }[]> {
    return this.dataSource.query(
      `SELECT lease_id, device_id, outcome, late_reports FROM delivery_attempts WHERE message_id = $1 ORDER BY attempt`,
      [messageId],
    );
  }
}
