import { Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CampaignErrorRow,
  CampaignPage,
  CampaignRecipientRow,
  CampaignView,
  CancelCampaign,
  GetCampaign,
  ListCampaigns,
  PauseCampaign,
  ResumeCampaign,
  RpcContract,
  CampaignRef,
  StartCampaign,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { CampaignEventStream } from './campaign-event-stream';
import { CampaignReports } from './campaign-reports';
import { IdempotencyKeyHeader } from '../idempotency/idempotent.decorator';
import { CampaignUpload } from './campaign-upload';
import { CreateCampaignForm, ListCampaignsQuery } from './dtos/campaign.dtos';

@ApiTags('campaigns')
@ApiBearerAuth('bearer')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly rpc: ServiceRpc,
    private readonly upload: CampaignUpload,
    private readonly reports: CampaignReports,
    private readonly events: CampaignEventStream,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Upload a CSV file of recipients (streamed): each row checked, duplicates and opt-outs dropped, the cost estimated; a draft unless start=true.',
  })
  @ApiConsumes('multipart/form-data')
  @IdempotencyKeyHeader()
  @ApiBody({ type: CreateCampaignForm })
  @ApiCreatedResponse({ type: CampaignView })
  create(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignView> {
    return this.upload.create(correlation, principal.organizationId!, request, reply);
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: "The organization's campaigns, newest first, filtered." })
  @ApiOkResponse({ type: CampaignPage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCampaignsQuery,
  ): Promise<CampaignPage> {
    return this.rpc.call(correlation, 'ingestion', ListCampaigns, { ...query, organizationId: principal.organizationId! });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'A campaign: totals, estimate, counters, reserved and spent, rate and ETA.' })
  @ApiOkResponse({ type: CampaignView })
  get(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView> {
    return this.call(correlation, GetCampaign, principal, id);
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Reserve the whole estimate and start sending (402 with the shortfall if the balance does not cover it).' })
  @ApiOkResponse({ type: CampaignView })
  start(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView> {
    return this.call(correlation, StartCampaign, principal, id);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Stop handing out recipients (within a second); resume continues where it stopped.' })
  @ApiOkResponse({ type: CampaignView })
  pause(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView> {
    return this.call(correlation, PauseCampaign, principal, id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Continue a paused campaign.' })
  @ApiOkResponse({ type: CampaignView })
  resume(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView> {
    return this.call(correlation, ResumeCampaign, principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Send nothing more; what was not spent is released once the messages out are settled.' })
  @ApiOkResponse({ type: CampaignView })
  cancel(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignView> {
    return this.call(correlation, CancelCampaign, principal, id);
  }

  @Get(':id/events')
  @RequireScopes('messages:read')
  @ApiOperation({
    summary: 'Server-Sent Events: `progress` (the campaign, at most every 500 ms, the first at once), `status` per lifecycle step, `end` at a final state. Last-Event-ID resumes.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: CampaignView, description: 'Each `progress` and `end` event carries the campaign.' })
  async watch(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.events.open(correlation, principal.organizationId!, id, lastEventId, reply);
  }

  @Get(':id/errors')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'CSV of the refused rows: line,phone,code,reason (streamed).' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ type: [CampaignErrorRow], description: 'One CSV line per refused row, in file order.' })
  async errors(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reports.send(correlation, 'errors', principal.organizationId!, id, reply);
  }

  @Get(':id/report')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'CSV per recipient: line,phone,messageId,status,errorCode,segments,price,sentAt,deliveredAt (streamed).' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ type: [CampaignRecipientRow], description: 'One CSV line per recipient, in file order.' })
  async report(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reports.send(correlation, 'report', principal.organizationId!, id, reply);
  }

  private call(correlation: CorrelationContext, contract: RpcContract<CampaignRef, CampaignView>, principal: Principal, campaignId: string): Promise<CampaignView> {
    return this.rpc.call(correlation, 'ingestion', contract, { organizationId: principal.organizationId!, campaignId });
  }
}
