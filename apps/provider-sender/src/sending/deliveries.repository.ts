import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessageOrigin } from '@zagel/contracts';
import { schedulePolls } from '../polling/delivery-polls.repository';
import { PollPlan } from '../polling/poll-schedule';
import { DeliveryStatus } from './delivery-status';
import { StatusChange, transitionDeliveries } from './delivery-transitions';

export type { StatusChange } from './delivery-transitions';

export interface Delivery {
  /** This handling created it: there can be no attempts yet. */
  created: boolean;
  messageId: string;
  organizationId: string;
  chain: string[];
  position: number;
  status: DeliveryStatus;
}

export type AttemptState = 'submitting' | 'accepted' | 'failed';

export interface Attempt {
  id: string;
  chainPosition: number;
  try: number;
  providerId: string;
  providerName: string;
  state: AttemptState;
  providerMessageId: string | null;
  errorCode: string | null;
  latencyMs: number | null;
  /** The database application_name of the process that recorded it (unique per process). */
  recordedBy: string | null;
  /** How long ago its state last changed (recorded, failed, accepted), by the database's clock. */
  ageMs: number;
}


interface DeliveryRow {
  created: boolean;
  message_id: string;
  organization_id: string;
  chain: string[];
  position: number;
  status: DeliveryStatus;
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    created: row.created,
    messageId: row.message_id,
    organizationId: row.organization_id,
    chain: row.chain,
    position: row.position,
    status: row.status,
  };
}

/** Serializes the submit response and the reports of one provider message id across instances. */
async function lockProviderMessage(manager: EntityManager, providerId: string, providerMessageId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${providerId}:${providerMessageId}`]);
}

/**
 * Deliveries (one per message: its chain, where it is in it, its status) and their submit attempts.
 * Every status change writes its `message.status` event to the outbox in the same transaction.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The message's delivery, created with `chain` the first time it is seen. */
  async open(messageId: string, organizationId: string, chain: string[], position: number, origin: MessageOrigin): Promise<Delivery> {
    const rows: DeliveryRow[] = await this.db.query(
      `WITH created AS (
         INSERT INTO deliveries (message_id, organization_id, chain, position, origin) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (message_id) DO NOTHING
         RETURNING message_id, organization_id, chain, position, status)
       SELECT true AS created, * FROM created
       UNION ALL
       SELECT false, message_id, organization_id, chain, position, status FROM deliveries WHERE message_id = $1`,
      [messageId, organizationId, chain, position, origin],
    );
    return toDelivery(rows[0]);
  }

  async attempts(messageId: string): Promise<Attempt[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT id, chain_position, try, provider_id, provider_name, state, provider_message_id, error_code, latency_ms, recorded_by,
              (extract(epoch FROM clock_timestamp() - updated_at) * 1000)::float8 AS age_ms
       FROM attempts WHERE message_id = $1 ORDER BY chain_position, try`,
      [messageId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      chainPosition: row.chain_position as number,
      try: row.try as number,
      providerId: row.provider_id as string,
      providerName: row.provider_name as string,
      state: row.state as AttemptState,
      providerMessageId: row.provider_message_id as string | null,
      errorCode: row.error_code as string | null,
      latencyMs: row.latency_ms as number | null,
      recordedBy: row.recorded_by as string | null,
      ageMs: row.age_ms as number,
    }));
  }

  async moveTo(messageId: string, position: number): Promise<void> {
    await this.db.query(`UPDATE deliveries SET position = $2, updated_at = now() WHERE message_id = $1 AND status = 'pending'`, [
      messageId,
      position,
    ]);
  }

  /**
   * Records a submit about to happen, committed before the provider is called: false when this try was
   * already recorded (a redelivered or duplicate command), which must then not submit.
   */
  async recordSubmitting(
    messageId: string,
    attempt: { chainPosition: number; try: number; providerId: string; providerName: string },
  ): Promise<string | undefined> {
    // One statement, so one round trip, and atomic without an explicit transaction.
    const rows: { id: string }[] = await this.db.query(
      `WITH attempt AS (
         INSERT INTO attempts (id, message_id, chain_position, try, provider_id, provider_name, state)
         SELECT $1, $2, $3, $4, $5, $6, 'submitting' FROM deliveries WHERE message_id = $2 AND status = 'pending'
         ON CONFLICT (message_id, chain_position, try) DO NOTHING RETURNING id),
       moved AS (
         UPDATE deliveries SET position = $3, updated_at = now()
         WHERE message_id = $2 AND EXISTS (SELECT 1 FROM attempt))
       SELECT id FROM attempt`,
      [uuidv7(), messageId, attempt.chainPosition, attempt.try, attempt.providerId, attempt.providerName],
    );
    return rows[0]?.id;
  }

  /** Counts one more wait for an open circuit; false once the message has waited `max` times. */
  async defer(messageId: string, max: number): Promise<boolean> {
    const [rows] = (await this.db.query(
      `UPDATE deliveries SET deferrals = deferrals + 1, updated_at = now()
       WHERE message_id = $1 AND status = 'pending' AND deferrals < $2 RETURNING 1`,
      [messageId, max],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  /**
   * The tries among these still `submitting` whose recording process is gone (no database session
   * under its application_name: a crash): nobody will record their outcome.
   */
  async orphaned(attempts: Attempt[]): Promise<Attempt[]> {
    const submitting = attempts.filter((attempt) => attempt.state === 'submitting' && attempt.recordedBy !== null);
    if (submitting.length === 0) return [];
    const rows: { application_name: string }[] = await this.db.query(
      `SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name = ANY($1::text[])`,
      [submitting.map((attempt) => attempt.recordedBy)],
    );
    const alive = new Set(rows.map((row) => row.application_name));
    return submitting.filter((attempt) => !alive.has(attempt.recordedBy as string));
  }

  async recordFailure(attemptId: string, errorCode: string, latencyMs: number): Promise<void> {
    await this.db.query(
      `UPDATE attempts SET state = 'failed', error_code = $2, latency_ms = $3, updated_at = now() WHERE id = $1`,
      [attemptId, errorCode.slice(0, 64), Math.round(latencyMs)],
    );
  }

  /**
   * The provider took the message: the attempt is accepted, the message `sent`, and any report that
   * arrived before this response is applied now.
   */
  async recordAccepted(
    delivery: Delivery,
    attemptId: string,
    provider: { id: string; name: string },
    providerMessageId: string,
    latencyMs: number,
    poll?: PollPlan,
  ): Promise<void> {
    await this.db.transaction(async (manager) => {
      await lockProviderMessage(manager, provider.id, providerMessageId);
      if (poll) await schedulePolls(manager, provider.id, [{ messageId: delivery.messageId, providerMessageId }], poll);
      await manager.query(
        `UPDATE attempts SET state = 'accepted', provider_message_id = $2, error_code = NULL, latency_ms = $3, updated_at = now() WHERE id = $1`,
        [attemptId, providerMessageId, Math.round(latencyMs)],
      );
      // DELETE through TypeORM answers [rows, affected].
      const [early] = (await manager.query(
        `DELETE FROM early_reports WHERE provider_id = $1 AND provider_message_id = $2 RETURNING status, error_code, reported_at`,
        [provider.id, providerMessageId],
      )) as [{ status: DeliveryStatus; error_code: string | null; reported_at: Date }[], number];
      const reports = early.sort((a, b) => a.reported_at.getTime() - b.reported_at.getTime());
      await transitionDeliveries(manager, [
        { messageId: delivery.messageId, change: { status: 'sent', provider: provider.name, providerId: provider.id, providerMessageId } },
        ...reports.map((report) => ({
          messageId: delivery.messageId,
          change: {
            status: report.status,
            provider: provider.name,
            providerId: provider.id,
            providerMessageId,
            ...(report.error_code !== null && { errorCode: report.error_code }),
            at: report.reported_at,
          },
        })),
      ]);
    });
  }

  /** Ends the message without a provider taking it (failed, expired). */
  async finish(messageId: string, change: StatusChange): Promise<void> {
    await this.db.transaction((manager) => transitionDeliveries(manager, [{ messageId, change }]));
  }

  /**
   * A provider's reports on its message ids, in one transaction whatever their number: each applied
   * to the message that attempt sent (in the given order), or kept until the submit response names
   * that id. Returns how many were kept.
   */
  async applyReports(
    provider: { id: string; name: string },
    reports: { providerMessageId: string; status: DeliveryStatus; errorCode?: string; at: Date }[],
  ): Promise<number> {
    if (reports.length === 0) return 0;
    const ids = [...new Set(reports.map((report) => report.providerMessageId))];
    return this.db.transaction(async (manager) => {
      // The submit response's locks (lockProviderMessage), taken in one order.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`, [
        ids.map((id) => `${provider.id}:${id}`),
      ]);
      // One index probe per id (the LIMIT keeps the planner from flattening it into a join). With
      // `provider_message_id = ANY(ids)` the planner, trusting statistics taken while the table was
      // small, probed the index by provider alone and filtered every attempt of the provider: a third
      // of PostgreSQL's time in a million-recipient campaign.
      const rows: { message_id: string; provider_message_id: string }[] = await manager.query(
        `SELECT a.message_id, a.provider_message_id FROM unnest($2::text[]) AS k (id)
         CROSS JOIN LATERAL (
           SELECT message_id, provider_message_id FROM attempts WHERE provider_id = $1 AND provider_message_id = k.id LIMIT 1
         ) a`,
        [provider.id, ids],
      );
      const messages = new Map(rows.map((row) => [row.provider_message_id, row.message_id]));
      const early = reports.filter((report) => !messages.has(report.providerMessageId));
      if (early.length > 0) {
        await manager.query(
          `INSERT INTO early_reports (provider_id, provider_message_id, status, error_code, reported_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
          [provider.id, early.map((r) => r.providerMessageId), early.map((r) => r.status), early.map((r) => r.errorCode ?? null), early.map((r) => r.at)],
        );
      }
      const known = reports.filter((report) => messages.has(report.providerMessageId));
      await transitionDeliveries(
        manager,
        known.map((report) => ({
          messageId: messages.get(report.providerMessageId) as string,
          change: {
            status: report.status,
            provider: provider.name,
            providerId: provider.id,
            providerMessageId: report.providerMessageId,
            ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
            at: report.at,
          },
        })),
      );
      return early.length;
    });
  }
}
