import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Lease } from './lease-store';

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
