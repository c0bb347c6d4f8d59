import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Lane, MessageRequested, MessageRequestedPayload } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { TemplatesRepository } from '../templates/templates.repository';
import { MessageBatchRequests } from './message-batch-requests';
import { MessageDraft } from './message-draft';
import { MessagesRepository } from './messages.repository';

/** What the router needs to send a stored message; `lane`: `live` for a single send, `bulk` for batches. */
export function routingRequest(
  lane: Lane,
  message: {
  id: string;
  organizationId: string;
  to: string;
  body: string;
  type: MessageDraft['type'];
  routePreference: MessageDraft['routePreference'];
  expiresAt?: Date | null;
  priority?: number | null;
  providerTemplate?: MessageDraft['providerTemplate'];
  },
): MessageRequestedPayload {
  return {
    messageId: message.id,
    organizationId: message.organizationId,
    to: message.to,
    body: message.body,
    messageType: message.type,
    route: message.routePreference,
    lane,
    origin: 'api',
    ...(message.expiresAt ? { expiresAt: message.expiresAt.toISOString() } : {}),
    ...(message.priority !== undefined && message.priority !== null ? { priority: message.priority } : {}),
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

  /** One message, requested on its own. */
  async write(manager: EntityManager, organizationId: string, draft: MessageDraft, at: Date): Promise<void> {
    await this.store(manager, organizationId, [draft], at);
    if (draft.status === 'queued') await Outbox.add(manager, MessageRequested, routingRequest('live', draft), { tenantId: organizationId });
  }

  /** Requests in batches the routing of stored messages (`store`d in this transaction) that are due now. */
  async requestInBatches(manager: EntityManager, organizationId: string, drafts: MessageDraft[]): Promise<void> {
    await this.batches.request(
      manager,
      organizationId,
      drafts.filter((draft) => draft.status === 'queued'),
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
