import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IngestionErrorCode, MessageRef, MessageView } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';
import { GetMessageUseCase } from './get-message.use-case';
import { MessagesRepository } from './messages.repository';

/** Statuses in which a message's text is no longer needed to send it. */
const REDACTABLE = ['sent', 'delivered', 'undelivered', 'failed', 'canceled', 'expired'];

/**
 * Empties the text of a message that has left or ended, everywhere ingestion keeps it (the message
 * and, for a campaign's, its recipient row); its status, price, segments and history stay. A
 * message still waiting to leave is refused: its text is what will be sent. Redacting twice is
 * harmless.
 */
@Injectable()
export class RedactMessageUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly getMessage: GetMessageUseCase,
  ) {}

  async execute(request: MessageRef): Promise<MessageView> {
    const { organizationId, messageId } = request;
    await this.dataSource.transaction(async (manager) => {
      const message = await this.messages.lock(manager, organizationId, messageId);
      if (!message) throw new IngestionError(IngestionErrorCode.MessageNotFound, 'the organization has no such message');
      if (!REDACTABLE.includes(message.status)) {
        throw new IngestionError(IngestionErrorCode.NotRedactable, `a ${message.status} message has not left yet: its text is what will be sent`, {
          status: message.status,
        });
      }
      await this.messages.redact(manager, organizationId, messageId);
    });
    return this.getMessage.execute(request);
  }
}
