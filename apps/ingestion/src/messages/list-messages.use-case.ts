import { Injectable } from '@nestjs/common';
import { IngestionErrorCode, ListMessagesRequest, MessagePage } from '@zagel/contracts';
import { normalizePhoneNumber } from '@zagel/phone';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { IngestionError } from '../shared/ingestion-error';
import { MessagesRepository, toMessageView } from './messages.repository';

/** The organization's messages, filtered, newest first, a cursor page at a time. */
@Injectable()
export class ListMessagesUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(request: ListMessagesRequest): Promise<MessagePage> {
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
