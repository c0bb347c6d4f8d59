import { Injectable } from '@nestjs/common';
import { IngestionErrorCode, ListMessagesRequest, MessagePage, MessageRef, MessageView } from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { IngestionError } from '../shared/ingestion-error';
import { MessagesRepository, toMessageView } from './messages.repository';

/** A message with its history, and filtered, cursor-paginated lists (newest first). */
@Injectable()
export class ReadMessagesUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async get(request: MessageRef): Promise<MessageView> {
    const row = await this.messages.find(request.organizationId, request.messageId);
    if (!row) throw new IngestionError(IngestionErrorCode.MessageNotFound, 'the organization has no such message');
    return toMessageView(row, await this.messages.history(request.organizationId, row.id));
  }

  async list(request: ListMessagesRequest): Promise<MessagePage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    let to: string | undefined;
    if (request.to) {
      const number = normalizePhoneNumber(request.to);
      if (!number.ok) throw new IngestionError(IngestionErrorCode.InvalidPhoneNumber, number.detail, { problem: number.problem });
      to = number.e164;
    }
    const rows = await this.messages.list({ ...request, to }, limit + 1, idCursor(request.cursor));
    return pageOf(rows, limit, (row) => toMessageView(row));
  }
}
