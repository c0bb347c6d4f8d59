import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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

  /** The lease's end (or its `sent`); the ack time comes from the lease, which kept it in Redis. */
  async markOutcome(
    manager: EntityManager,
    leaseId: string,
    outcome: AttemptOutcome,
    at: Date,
    ackedAt: Date | null,
    errorCode?: string,
  ): Promise<void> {
    const column = outcome === 'sent' ? 'sent_at' : outcome === 'delivered' ? 'delivered_at' : 'finished_at';
    await manager.query(
      `UPDATE delivery_attempts SET outcome = $2, ${column} = $3, error_code = coalesce($4, error_code),
         acked_at = coalesce(acked_at, $5)
       WHERE lease_id = $1`,
      [leaseId, outcome, at, errorCode ?? null, ackedAt],
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
