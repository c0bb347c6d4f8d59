import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type AttemptOutcome = 'leased' | 'accepted' | 'sent' | 'delivered' | 'rejected' | 'failed' | 'returned' | 'timed_out' | 'device_offline' | 'undelivered';

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

  async markAccepted(leaseId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery_attempts SET acked_at = $2, outcome = CASE WHEN outcome = 'leased' THEN 'accepted' ELSE outcome END
       WHERE lease_id = $1`,
      [leaseId, at],
    );
  }

  async markOutcome(manager: EntityManager, leaseId: string, outcome: AttemptOutcome, at: Date, errorCode?: string): Promise<void> {
    const column = outcome === 'sent' ? 'sent_at' : outcome === 'delivered' ? 'delivered_at' : 'finished_at';
    await manager.query(
      `UPDATE delivery_attempts SET outcome = $2, ${column} = $3, error_code = coalesce($4, error_code),
         acked_at = CASE WHEN $2 IN ('sent', 'delivered') THEN coalesce(acked_at, $3) ELSE acked_at END
       WHERE lease_id = $1`,
      [leaseId, outcome, at, errorCode ?? null],
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
