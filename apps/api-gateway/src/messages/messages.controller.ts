import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CancelMessage, GetMessage, ListMessages, SendBatch, SendMessage } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import {
  AcceptedMessageResponse,
  BatchAcceptedResponse,
  ListMessagesQuery,
  MessageContentBody,
  MessagePageResponse,
  MessageResponse,
  SendBatchBody,
} from './dtos/message.dtos';

/** A 10,000-message batch prices and stores everything before it answers. */
const BATCH_RPC_TIMEOUT_MS = 60_000;

@ApiTags('messages')
@ApiBearerAuth('bearer')
@Controller('messages')
export class MessagesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Idempotent()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Send one SMS: priced and reserved now, routed right away or at scheduleAt.' })
  @ApiAcceptedResponse({ type: AcceptedMessageResponse })
  send(@CurrentPrincipal() principal: Principal, @Body() body: MessageContentBody): Promise<AcceptedMessageResponse> {
    return this.rpc.call('ingestion', SendMessage, { ...body, organizationId: principal.organizationId! });
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @Idempotent()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Send up to 10,000 messages; each item is accepted or rejected (with its index and reason) on its own.' })
  @ApiAcceptedResponse({ type: BatchAcceptedResponse })
  sendBatch(@CurrentPrincipal() principal: Principal, @Body() body: SendBatchBody): Promise<BatchAcceptedResponse> {
    return this.rpc.call('ingestion', SendBatch, { ...body, organizationId: principal.organizationId! }, BATCH_RPC_TIMEOUT_MS);
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: "The organization's messages, newest first, filtered." })
  @ApiOkResponse({ type: MessagePageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListMessagesQuery): Promise<MessagePageResponse> {
    return this.rpc.call('ingestion', ListMessages, { ...query, organizationId: principal.organizationId! });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'One message with its full status history.' })
  @ApiOkResponse({ type: MessageResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<MessageResponse> {
    return this.rpc.call('ingestion', GetMessage, { organizationId: principal.organizationId!, messageId: id });
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Cancel a scheduled or not yet routed message; its reservation is released.' })
  @ApiOkResponse({ type: MessageResponse })
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<MessageResponse> {
    return this.rpc.call('ingestion', CancelMessage, { organizationId: principal.organizationId!, messageId: id });
  }
}
