import { Injectable } from '@nestjs/common';
import { ListWebhookDeliveriesRequest, WebhookDeliveryPage } from '@zagel/contracts';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { isoOrUndefined, withoutEmpty } from '../shared/iso';
import { WebhooksRepository } from './webhooks.repository';

/** The record of the organization's callbacks: delivered, pending, given up. */
@Injectable()
export class ListWebhookDeliveriesUseCase {
  constructor(private readonly webhooks: WebhooksRepository) {}

  async execute(request: ListWebhookDeliveriesRequest): Promise<WebhookDeliveryPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.webhooks.list(request.organizationId, request, limit + 1, idCursor(request.cursor));
    return pageOf(rows, limit, (row) =>
      withoutEmpty({
        id: row.id,
        messageId: row.message_id,
        url: row.url,
        event: row.event,
        status: row.status,
        attempts: row.attempts,
        lastStatusCode: row.last_status_code,
        lastError: row.last_error,
        nextAttemptAt: row.status === 'pending' ? isoOrUndefined(row.next_attempt_at) : undefined,
        createdAt: row.created_at.toISOString(),
        deliveredAt: isoOrUndefined(row.delivered_at),
      }),
    );
  }
}
