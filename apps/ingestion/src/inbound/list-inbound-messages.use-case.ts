import { Injectable } from '@nestjs/common';
import { InboundMessagePage, ListInboundMessagesRequest } from '@zagel/contracts';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { senderOf } from './inbound-attribution';
import { InboundMessagesRepository, toInboundView } from './inbound-messages.repository';

/**
 * Inbound SMS, newest first, a cursor page at a time: an organization's own (the request names it),
 * or, for operators (no organization), every one or only those attributed to none.
 */
@Injectable()
export class ListInboundMessagesUseCase {
  constructor(private readonly inbound: InboundMessagesRepository) {}

  async execute(request: ListInboundMessagesRequest): Promise<InboundMessagePage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const from = request.from ? senderOf(request.from) : undefined;
    const rows = await this.inbound.list({ ...request, from }, limit + 1, idCursor(request.cursor));
    return pageOf(rows, limit, toInboundView);
  }
}
