import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AcceptedMessage,
  BatchAccepted,
  CancelMessage,
  GetMessage,
  ListMessages,
  MessageContent,
  MessagePage,
  MessageView,
  RedactMessage,
  SendBatch,
  SendMessage,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { ListMessagesQuery, SendBatchBody } from './dtos/message.dtos';

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
  @ApiAcceptedResponse({ type: AcceptedMessage })
  send(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: MessageContent,
  ): Promise<AcceptedMessage> {
    return this.rpc.call(correlation, 'ingestion', SendMessage, { ...body, organizationId: principal.organizationId! });
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @Idempotent()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Send up to 10,000 messages; each item is accepted or rejected (with its index and reason) on its own.' })
  @ApiAcceptedResponse({ type: BatchAccepted })
  sendBatch(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendBatchBody,
  ): Promise<BatchAccepted> {
    return this.rpc.call(correlation, 'ingestion', SendBatch, { ...body, organizationId: principal.organizationId! }, BATCH_RPC_TIMEOUT_MS);
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: "The organization's messages, newest first, filtered." })
  @ApiOkResponse({ type: MessagePage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePage> {
    return this.rpc.call(correlation, 'ingestion', ListMessages, { ...query, organizationId: principal.organizationId! });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'One message with its full status history.' })
  @ApiOkResponse({ type: MessageView })
  get(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MessageView> {
    return this.rpc.call(correlation, 'ingestion', GetMessage, { organizationId: principal.organizationId!, messageId: id });
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Cancel a scheduled or not yet routed message; its reservation is released.' })
  @ApiOkResponse({ type: MessageView })
  cancel(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MessageView> {
    return this.rpc.call(correlation, 'ingestion', CancelMessage, { organizationId: principal.organizationId!, messageId: id });
  }

  @Post(':id/redact')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: "Empty the text of a message that has left or ended (status, price and history stay); 409 while it still waits to be sent.",
  })
  @ApiOkResponse({ type: MessageView })
  redact(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MessageView> {
    return this.rpc.call(correlation, 'ingestion', RedactMessage, { organizationId: principal.organizationId!, messageId: id });
  }
}
