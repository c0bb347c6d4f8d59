import { Injectable } from '@nestjs/common';
import { IngestionErrorCode, MessageRef, MessageView } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';
import { MessagesRepository, toMessageView } from './messages.repository';

/** A message with its status history. */
@Injectable()
export class GetMessageUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(request: MessageRef): Promise<MessageView> {
    const row = await this.messages.find(request.organizationId, request.messageId);
    if (!row) throw new IngestionError(IngestionErrorCode.MessageNotFound, 'the organization has no such message');
    return toMessageView(row, await this.messages.history(request.organizationId, row.id));
  }
}
