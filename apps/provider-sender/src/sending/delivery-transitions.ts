import { EntityManager } from 'typeorm';
import { MAX_BATCH_RECIPIENTS, MessageOrigin, MessageReportsAnnounced, MessageStatusBatch, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { advances, DeliveryStatus } from './delivery-status';

export interface StatusChange {
  status: DeliveryStatus;
  provider?: string;
  providerId?: string;
  providerMessageId?: string;
  errorCode?: string;
  lastErrorCode?: string;
  at?: Date;
}

interface LockedDelivery {
  message_id: string;
  organization_id: string;
  status: DeliveryStatus;
  provider_id: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  bulk: boolean;
  origin: MessageOrigin;
}

function announcement(delivery: LockedDelivery, change: StatusChange): MessageStatusPayload {
  return {
    messageId: delivery.message_id,
    organizationId: delivery.organization_id,
    status: change.status as MessageStatusPayload['status'],
    origin: delivery.origin,
    route: 'provider',
    ...(change.provider !== undefined && { provider: change.provider }),
    ...(change.providerId !== undefined && { providerAccountId: change.providerId }),
    ...(change.providerMessageId !== undefined && { providerMessageId: change.providerMessageId }),
    ...(change.errorCode !== undefined && { errorCode: change.errorCode.slice(0, 64) }),
    ...(change.lastErrorCode !== undefined && { lastErrorCode: change.lastErrorCode.slice(0, 64) }),
    at: (change.at ?? new Date()).toISOString(),
  };
}

/**
 * Cuts messages' moves into `message.status.batch` item lists of at most MAX_BATCH_RECIPIENTS, never
 * splitting one message's moves (its `sent` and an early `delivered`): ingestion then folds them
 * into one write of the message instead of two.
 */
export function statusBatches(byMessage: Iterable<MessageStatusPayload[]>): MessageStatusPayload[][] {
  const batches: MessageStatusPayload[][] = [];
  let current: MessageStatusPayload[] = [];
  for (const steps of byMessage) {
    if (current.length + steps.length > MAX_BATCH_RECIPIENTS && current.length > 0) {
      batches.push(current);
      current = [];
    }
    current.push(...steps);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Moves deliveries forward (never back; a change that is not progress does nothing) and announces
 * each move, for one message or a whole batch with a constant number of statements: the rows are
 * locked in id order, changed with one UPDATE (its rows named by `= ANY(ids)` as well as joined, so that
 * without table statistics it is never planned as a hash of the whole table), and the moves written to
 * the outbox with one INSERT.
 * A delivery that came in a batch is announced on the bulk lane in `message.status.batch` (up to 500
 * moves each); any other in its own `message.status`. Changes of one message apply in the given order.
 * The moves of a message that was `sent` before are announced apart, in `message.reports`: its `sent`
 * settled what billing settles, so billing is not sent them.
 */
export async function transitionDeliveries(manager: EntityManager, changes: readonly { messageId: string; change: StatusChange }[]): Promise<void> {
  if (changes.length === 0) return;
  const ids = [...new Set(changes.map(({ messageId }) => messageId))];
  const rows: LockedDelivery[] = await manager.query(
    `SELECT message_id, organization_id, status, provider_id, provider_message_id, error_code, bulk, origin
     FROM deliveries WHERE message_id = ANY($1::uuid[]) ORDER BY message_id FOR UPDATE`,
    [ids],
  );
  const deliveries = new Map(rows.map((row) => [row.message_id, { ...row }]));
  const sentBefore = new Set(rows.filter((row) => row.status === 'sent').map((row) => row.message_id));
  const moved = new Set<LockedDelivery>();
  const live: MessageStatusPayload[] = [];
  // Per organization and event, each message's moves together (in order), so a batch cut never separates them.
  const bulk = new Map<string, { organizationId: string; reports: boolean; byMessage: Map<string, MessageStatusPayload[]> }>();
  for (const { messageId, change } of changes) {
    const delivery = deliveries.get(messageId);
    if (!delivery || !advances(delivery.status, change.status)) continue;
    delivery.status = change.status;
    delivery.provider_id = change.providerId ?? delivery.provider_id;
    delivery.provider_message_id = change.providerMessageId ?? delivery.provider_message_id;
    delivery.error_code = change.errorCode ?? delivery.error_code;
    moved.add(delivery);
    if (change.status === 'pending') continue;
    const payload = announcement(delivery, change);
    if (!delivery.bulk) {
      live.push(payload);
      continue;
    }
    const reports = sentBefore.has(messageId);
    const key = `${delivery.organization_id} ${reports}`;
    const group = bulk.get(key) ?? { organizationId: delivery.organization_id, reports, byMessage: new Map() };
    bulk.set(key, group);
    const steps = group.byMessage.get(messageId);
    if (steps) steps.push(payload);
    else group.byMessage.set(messageId, [payload]);
  }
  if (moved.size === 0) return;
  const updated = [...moved];
  await manager.query(
    `UPDATE deliveries d SET status = u.status, provider_id = u.provider_id, provider_message_id = u.provider_message_id,
       error_code = u.error_code, updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[]) AS u (message_id, status, provider_id, provider_message_id, error_code)
     WHERE d.message_id = u.message_id AND d.message_id = ANY($1::uuid[])`,
    [
      updated.map((d) => d.message_id),
      updated.map((d) => d.status),
      updated.map((d) => d.provider_id),
      updated.map((d) => d.provider_message_id),
      updated.map((d) => d.error_code),
    ],
  );
  const messages = live.map((payload) => Outbox.prepare(MessageStatusChanged, payload, { tenantId: payload.organizationId }));
  for (const { organizationId, reports, byMessage } of bulk.values()) {
    for (const items of statusBatches(byMessage.values())) {
      messages.push(Outbox.prepare(reports ? MessageReportsAnnounced : MessageStatusBatch, { items }, { tenantId: organizationId }));
    }
  }
  await Outbox.addPrepared(manager, messages);
}
