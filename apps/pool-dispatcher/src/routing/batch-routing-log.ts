import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BatchRecipient, MessageBatchRequestedPayload, MessageStatusBatch, MessageStatusPayload, SendBatchViaProvider } from '@zagel/contracts';
import { Outbox, PreparedOutboxMessage } from '@zagel/database';
import { Destination } from './destination';
import { NO_DEVICE_AVAILABLE } from './route-message.use-case';

/** A recipient leased to a phone (now, or by an earlier delivery of the same batch). */
export interface BatchLease {
  recipient: BatchRecipient;
  destination: Destination;
  leaseId: string;
  deviceId: string;
  ownerId: string;
  attempt: number;
  leasedAt: Date;
  /** Picked by this delivery of the batch (false: found again on a redelivery, already pushed). */
  fresh: boolean;
  /** The instance holding the phone's socket, for a fresh lease's push. */
  gatewayInstanceId?: string;
}

/** What the dispatcher decided for every recipient of one bulk batch. */
export interface BatchDecisions {
  leased: BatchLease[];
  providers: { recipient: BatchRecipient; destination: Destination | null }[];
  failed: { recipient: BatchRecipient; destination: Destination | null }[];
  expired: BatchRecipient[];
}

interface DecisionRow {
  messageId: string;
  destination: Destination | null;
  outcome: 'device' | 'provider' | 'failed' | 'expired';
}

/**
 * Records a bulk batch's decisions in one transaction: one multi-row statement for the decisions,
 * one for the attempts, and one outbox statement holding a single `provider.send.batch` (the
 * recipients going to the providers) and a single `message.status.batch` (`routing`, `failed`,
 * `expired`). Idempotent per recipient: only decisions and attempts this commit inserted are sent
 * and announced, so a redelivered batch sends nothing twice. Its own transaction, never the live
 * path's group commits: a 500-recipient batch never holds up a single message's record.
 */
@Injectable()
export class BatchRoutingLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(batch: MessageBatchRequestedPayload, decisions: BatchDecisions, now = new Date()): Promise<{ toProviders: number; announced: number }> {
    return this.dataSource.transaction(async (manager) => {
      const decided = await this.decide(manager, batch, [
        ...decisions.leased.map(({ recipient, destination }) => ({ messageId: recipient.messageId, destination, outcome: 'device' as const })),
        ...decisions.providers.map(({ recipient, destination }) => ({ messageId: recipient.messageId, destination, outcome: 'provider' as const })),
        ...decisions.failed.map(({ recipient, destination }) => ({ messageId: recipient.messageId, destination, outcome: 'failed' as const })),
        ...decisions.expired.map((recipient) => ({ messageId: recipient.messageId, destination: null, outcome: 'expired' as const })),
      ]);
      const attempts = await this.attempts(manager, decisions.leased);
      const tenant = { tenantId: batch.organizationId };
      const at = now.toISOString();
      const statuses: MessageStatusPayload[] = [
        ...decisions.leased
          // `routing` is announced for every new lease, and again for an earlier one whose record did not
          // commit (consumers take a status once per message).
          .filter((lease) => lease.fresh || attempts.has(lease.leaseId))
          .map((lease) => ({
            messageId: lease.recipient.messageId,
            organizationId: batch.organizationId,
            status: 'routing' as const,
            origin: 'api' as const,
            route: 'device' as const,
            deviceId: lease.deviceId,
            deviceOwnerId: lease.ownerId,
            at: lease.leasedAt.toISOString(),
          })),
        ...decisions.failed
          .filter(({ recipient }) => decided.has(recipient.messageId))
          .map(({ recipient }) => ({
            messageId: recipient.messageId,
            organizationId: batch.organizationId,
            status: 'failed' as const,
            origin: 'api' as const,
            route: 'device' as const,
            errorCode: NO_DEVICE_AVAILABLE,
            at,
          })),
        ...decisions.expired
          .filter((recipient) => decided.has(recipient.messageId))
          .map((recipient) => ({ messageId: recipient.messageId, organizationId: batch.organizationId, status: 'expired' as const, origin: 'api' as const, at })),
      ];
      const toProviders = decisions.providers.filter(({ recipient }) => decided.has(recipient.messageId)).map(({ recipient }) => recipient);
      const messages: PreparedOutboxMessage[] = [];
      if (toProviders.length > 0) {
        messages.push(
          Outbox.prepare(
            SendBatchViaProvider,
            {
              batchId: uuidv7(),
              organizationId: batch.organizationId,
              messageType: batch.messageType,
              ...(batch.expiresAt && { expiresAt: batch.expiresAt }),
              ...(batch.template && { template: batch.template }),
              recipients: toProviders,
            },
            { ...tenant, target: { service: 'provider-sender' } },
          ),
        );
      }
      if (statuses.length > 0) messages.push(Outbox.prepare(MessageStatusBatch, { items: statuses }, tenant));
      await Outbox.addPrepared(manager, messages);
      return { toProviders: toProviders.length, announced: statuses.length };
    });
  }

  /** The recipients whose decision this statement made (a redelivery finds the earlier ones). */
  private async decide(manager: EntityManager, batch: MessageBatchRequestedPayload, rows: DecisionRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const sorted = [...rows].sort((a, b) => a.messageId.localeCompare(b.messageId));
    const inserted = (await manager.query(
      `INSERT INTO routed_messages (message_id, organization_id, route, message_type, country, carrier, outcome, error_code, decided_at)
       SELECT m, $2, $3, $4, c, k, o, CASE WHEN o = 'failed' THEN $8 END, now()
       FROM unnest($1::uuid[], $5::text[], $6::text[], $7::text[]) AS u(m, c, k, o)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id`,
      [
        sorted.map((row) => row.messageId),
        batch.organizationId,
        batch.route,
        batch.messageType,
        sorted.map((row) => row.destination?.country ?? null),
        sorted.map((row) => row.destination?.carrier ?? null),
        sorted.map((row) => row.outcome),
        NO_DEVICE_AVAILABLE,
      ],
    )) as { message_id: string }[];
    return new Set(inserted.map((row) => row.message_id));
  }

  /** The leases whose attempt row this statement wrote (a phone's early report may have written it first). */
  private async attempts(manager: EntityManager, leased: BatchLease[]): Promise<Set<string>> {
    if (leased.length === 0) return new Set();
    const sorted = [...leased].sort((a, b) => a.leaseId.localeCompare(b.leaseId));
    const inserted = (await manager.query(
      `INSERT INTO delivery_attempts (lease_id, message_id, device_id, owner_id, attempt, leased_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::timestamptz[])
       ON CONFLICT (lease_id) DO NOTHING
       RETURNING lease_id`,
      [
        sorted.map((lease) => lease.leaseId),
        sorted.map((lease) => lease.recipient.messageId),
        sorted.map((lease) => lease.deviceId),
        sorted.map((lease) => lease.ownerId),
        sorted.map((lease) => lease.attempt),
        sorted.map((lease) => lease.leasedAt.toISOString()),
      ],
    )) as { lease_id: string }[];
    return new Set(inserted.map((row) => row.lease_id));
  }
}
