import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingClient } from '@zagel/billing-client';
import { IngestionErrorCode, MessageRef, MessageStatusChanged, MessageView } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { IngestionError } from '../shared/ingestion-error';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { originOf } from './message-origin';
import { GetMessageUseCase } from './get-message.use-case';
import { MessagesRepository } from './messages.repository';
import { statusCallback } from './status-callback';

const CANCELABLE = ['scheduled', 'queued'];

/**
 * Cancels a message that is scheduled or not yet routed: canceled with its history entry, the
 * customer's callback and `message.status` in one transaction, then its reservation released.
 */
@Injectable()
export class CancelMessageUseCase {
  private readonly logger = new Logger(CancelMessageUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly billing: BillingClient,
    private readonly settings: IngestionConfig,
    private readonly getMessage: GetMessageUseCase,
  ) {}

  async execute(request: MessageRef): Promise<MessageView> {
    const { organizationId, messageId } = request;
    const at = new Date();
    await this.dataSource.transaction(async (manager) => {
      const message = await this.messages.lock(manager, organizationId, messageId);
      if (!message) throw new IngestionError(IngestionErrorCode.MessageNotFound, 'the organization has no such message');
      if (!CANCELABLE.includes(message.status)) {
        throw new IngestionError(IngestionErrorCode.NotCancelable, `a ${message.status} message can no longer be canceled`, {
          status: message.status,
        });
      }
      await this.messages.setStatus(manager, [messageId], 'canceled', at);
      await this.messages.recordHistory(manager, [{ messageId, organizationId, status: 'canceled', at }]);
      await this.webhooks.enqueue(manager, [statusCallback(message, { status: 'canceled', at })], this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS);
      const status = { messageId, organizationId, status: 'canceled' as const, origin: originOf(message), at: at.toISOString() };
      await Outbox.add(manager, MessageStatusChanged, status, { tenantId: organizationId });
    });
    await this.billing.release(organizationId, messageId).catch((error: unknown) => {
      // Billing also releases on the canceled status event; this call only makes it immediate.
      this.logger.warn(`release of ${messageId} left to the status event: ${String(error)}`);
    });
    return this.getMessage.execute(request);
  }
}
