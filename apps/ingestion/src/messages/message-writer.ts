import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Lane, MessagePriority, MessageRequested, MessageRequestedPayload } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { TemplatesRepository } from '../templates/templates.repository';
import { MessageBatchRequests } from './message-batch-requests';
import { MessageDraft } from './message-draft';
import { MessagesRepository } from './messages.repository';

/**
 * The lane a message's routing takes: `high` priority the live lane, `normal` and `low` the bulk lane; without
 * a priority, the sending feature's own (`live` for a single send, `bulk` for batches, campaigns and schedules).
 */
export function laneOf(priority: MessagePriority | null | undefined, otherwise: Lane): Lane {
  if (priority === 'high') return 'live';
  if (priority === 'normal' || priority === 'low') return 'bulk';
  return otherwise;
}

/** What the router needs to send a stored message on `lane`. */
export function routingRequest(
  lane: Lane,
  message: {
    id: string;
    organizationId: string;
    to: string;
    body: string;
    type: MessageDraft['type'];
    format?: MessageDraft['format'] | null;
    udh?: string | null;
    from?: string | null;
    routePreference: MessageDraft['routePreference'];
    expiresAt?: Date | null;
    providerTemplate?: MessageDraft['providerTemplate'];
  },
): MessageRequestedPayload {
  return {
    messageId: message.id,
    organizationId: message.organizationId,
    to: message.to,
    body: message.body,
    messageType: message.type,
    ...(message.format && message.format !== 'text' ? { format: message.format } : {}),
    ...(message.udh ? { udh: message.udh } : {}),
    ...(message.from ? { from: message.from } : {}),
    route: message.routePreference,
    lane,
    origin: 'api',
    ...(message.expiresAt ? { expiresAt: message.expiresAt.toISOString() } : {}),
    ...(message.providerTemplate ? { template: message.providerTemplate } : {}),
  };
}

/**
 * Stores priced messages and, in the same transaction, asks for the routing of those not scheduled:
 * a single send with its own `message.requested` (live lane), a batch with `message.batch.requested`
 * events of up to 500 recipients (bulk lane).
 */
@Injectable()
export class MessageWriter {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly templates: TemplatesRepository,
    private readonly batches: MessageBatchRequests,
  ) {}

  /** One message, requested on its own: on the live lane unless its priority is `normal` or `low`. */
  async write(manager: EntityManager, organizationId: string, draft: MessageDraft, at: Date): Promise<void> {
    await this.store(manager, organizationId, [draft], at);
    if (draft.status === 'queued') {
      await Outbox.add(manager, MessageRequested, routingRequest(laneOf(draft.priority, 'live'), draft), { tenantId: organizationId });
    }
  }

  /**
   * Requests the routing of stored messages (`store`d in this transaction) that are due now: in batches on the
   * bulk lane, except `high` priority ones, each requested on its own on the live lane.
   */
  async requestInBatches(manager: EntityManager, organizationId: string, drafts: MessageDraft[]): Promise<void> {
    const due = drafts.filter((draft) => draft.status === 'queued');
    const live = due.filter((draft) => laneOf(draft.priority, 'bulk') === 'live');
    for (const draft of live) await Outbox.add(manager, MessageRequested, routingRequest('live', draft), { tenantId: organizationId });
    await this.batches.request(
      manager,
      organizationId,
      live.length === 0 ? due : due.filter((draft) => !live.includes(draft)),
    );
  }

  /** The rows, their first history entry and the templates' usage counts; nothing is requested. */
  async store(manager: EntityManager, organizationId: string, drafts: MessageDraft[], at: Date): Promise<void> {
    await this.messages.insertMany(manager, drafts, at);
    const uses = new Map<string, number>();
    for (const draft of drafts) if (draft.templateId) uses.set(draft.templateId, (uses.get(draft.templateId) ?? 0) + 1);
    await this.templates.countUsage(manager, organizationId, uses);
  }

  /** Takes back, inside the same transaction, what `store` stored for these messages (their reservation failed). */
  async unwrite(manager: EntityManager, organizationId: string, messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    const rows = (await manager.query(
      `DELETE FROM messages WHERE organization_id = $1 AND id = ANY($2::uuid[]) RETURNING template_id`,
      [organizationId, messageIds],
    )) as [{ template_id: string | null }[], number];
    await manager.query(`DELETE FROM message_status_history WHERE message_id = ANY($1::uuid[])`, [messageIds]);
    const uses = new Map<string, number>();
    for (const row of rows[0]) if (row.template_id) uses.set(row.template_id, (uses.get(row.template_id) ?? 0) - 1);
    await this.templates.countUsage(manager, organizationId, uses);
  }
}
