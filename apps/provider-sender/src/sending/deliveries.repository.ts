import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessageOrigin, MessageStatusChanged } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { advances, DeliveryStatus } from './delivery-status';

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
}

export interface StatusChange {
  status: DeliveryStatus;
  provider?: string;
  providerId?: string;
  providerMessageId?: string;
  errorCode?: string;
  lastErrorCode?: string;
  at?: Date;
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
      `SELECT id, chain_position, try, provider_id, provider_name, state, provider_message_id, error_code, latency_ms
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
  ): Promise<void> {
    await this.db.transaction(async (manager) => {
      await lockProviderMessage(manager, provider.id, providerMessageId);
      await manager.query(
        `UPDATE attempts SET state = 'accepted', provider_message_id = $2, latency_ms = $3, updated_at = now() WHERE id = $1`,
        [attemptId, providerMessageId, Math.round(latencyMs)],
      );
      await this.transition(manager, delivery.messageId, {
        status: 'sent',
        provider: provider.name,
        providerId: provider.id,
        providerMessageId,
      });
      // DELETE through TypeORM answers [rows, affected].
      const [early] = (await manager.query(
        `DELETE FROM early_reports WHERE provider_id = $1 AND provider_message_id = $2 RETURNING status, error_code, reported_at`,
        [provider.id, providerMessageId],
      )) as [{ status: DeliveryStatus; error_code: string | null; reported_at: Date }[], number];
      for (const report of early.sort((a, b) => a.reported_at.getTime() - b.reported_at.getTime())) {
        await this.transition(manager, delivery.messageId, {
          status: report.status,
          provider: provider.name,
          providerId: provider.id,
          providerMessageId,
          ...(report.error_code !== null && { errorCode: report.error_code }),
          at: report.reported_at,
        });
      }
    });
  }

  /** Ends the message without a provider taking it (failed, expired). */
  async finish(messageId: string, change: StatusChange): Promise<void> {
    await this.db.transaction((manager) => this.transition(manager, messageId, change));
  }

  /**
   * A provider's report on one of its message ids: applied to the message that attempt sent, or kept
   * until the submit response names that id.
   */
  async applyReport(
    provider: { id: string; name: string },
    report: { providerMessageId: string; status: DeliveryStatus; errorCode?: string; at: Date },
  ): Promise<'applied' | 'kept'> {
    return this.db.transaction(async (manager) => {
      await lockProviderMessage(manager, provider.id, report.providerMessageId);
      const rows: { message_id: string }[] = await manager.query(
        `SELECT message_id FROM attempts WHERE provider_id = $1 AND provider_message_id = $2`,
        [provider.id, report.providerMessageId],
      );
      if (rows.length === 0) {
        await manager.query(
          `INSERT INTO early_reports (provider_id, provider_message_id, status, error_code, reported_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [provider.id, report.providerMessageId, report.status, report.errorCode ?? null, report.at],
        );
        return 'kept';
      }
      await this.transition(manager, rows[0].message_id, {
        status: report.status,
        provider: provider.name,
        providerId: provider.id,
        providerMessageId: report.providerMessageId,
        ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
        at: report.at,
      });
      return 'applied';
    });
  }

  /** Moves the message forward (never back) and announces it; a change that is not progress does nothing. */
  private async transition(manager: EntityManager, messageId: string, change: StatusChange): Promise<void> {
    const rows: { organization_id: string; status: DeliveryStatus; origin: MessageOrigin }[] = await manager.query(
      `SELECT organization_id, status, origin FROM deliveries WHERE message_id = $1 FOR UPDATE`,
      [messageId],
    );
    const current = rows[0];
    if (!current || !advances(current.status, change.status)) return;
    await manager.query(
      `UPDATE deliveries SET status = $2, provider_id = coalesce($3, provider_id),
         provider_message_id = coalesce($4, provider_message_id), error_code = coalesce($5, error_code), updated_at = now()
       WHERE message_id = $1`,
      [messageId, change.status, change.providerId ?? null, change.providerMessageId ?? null, change.errorCode ?? null],
    );
    if (change.status === 'pending') return;
    await Outbox.add(
      manager,
      MessageStatusChanged,
      {
        messageId,
        organizationId: current.organization_id,
        status: change.status,
        origin: current.origin,
        route: 'provider',
        ...(change.provider !== undefined && { provider: change.provider }),
        ...(change.providerMessageId !== undefined && { providerMessageId: change.providerMessageId }),
        ...(change.errorCode !== undefined && { errorCode: change.errorCode.slice(0, 64) }),
        ...(change.lastErrorCode !== undefined && { lastErrorCode: change.lastErrorCode.slice(0, 64) }),
        at: (change.at ?? new Date()).toISOString(),
      },
      { tenantId: current.organization_id },
    );
  }
}
