import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IngestionErrorCode, MessageStatusChanged, MessageType } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { OptOutsRepository } from '../opt-outs/opt-outs';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { MessagesRepository } from './messages.repository';
import { statusCallback } from './status-callback';

/** A stored message about to be handed to the router. */
export interface OutgoingMessage {
  id: string;
  organization_id: string;
  to_number: string;
  type: MessageType;
  client_reference: string | null;
  callback_url: string | null;
}

/**
 * The last look at opt-outs before a stored promotional message leaves: a number that opted out
 * after the message was accepted (a scheduled send, a campaign's later chunk) gets nothing. Such
 * messages end `canceled` with error code `opted_out`, called back and announced like any cancel.
 */
@Injectable()
export class OptedOutSends {
  constructor(
    private readonly optOuts: OptOutsRepository,
    private readonly messages: MessagesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly settings: IngestionConfig,
  ) {}

  /** Cancels the promotional ones whose number opted out of their organization; answers their ids. */
  async cancel(manager: EntityManager, outgoing: readonly OutgoingMessage[], at: Date): Promise<Set<string>> {
    const promotional = outgoing.filter((message) => message.type === 'promotional');
    const blocked = await this.optOuts.optedOutPairs(
      manager,
      promotional.map((message) => ({ organizationId: message.organization_id, phoneNumber: message.to_number })),
    );
    const canceled = promotional.filter((message) => blocked.has(`${message.organization_id}|${message.to_number}`));
    if (canceled.length === 0) return new Set();
    const errorCode = IngestionErrorCode.OptedOut;
    await this.messages.setStatus(manager, canceled.map((message) => message.id), 'canceled', at, errorCode);
    await this.messages.recordHistory(
      manager,
      canceled.map((message) => ({ messageId: message.id, organizationId: message.organization_id, status: 'canceled' as const, at, errorCode })),
    );
    await this.webhooks.enqueue(
      manager,
      canceled.map((message) => statusCallback(message, { status: 'canceled', at, errorCode })),
      this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS,
    );
    for (const message of canceled) {
      await Outbox.add(
        manager,
        MessageStatusChanged,
        { messageId: message.id, organizationId: message.organization_id, status: 'canceled', origin: 'api', errorCode, at: at.toISOString() },
        { tenantId: message.organization_id },
      );
    }
    return new Set(canceled.map((message) => message.id));
  }
}
