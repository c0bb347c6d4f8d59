import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWebhookSettings, ListWebhookDeliveries, PutWebhookSettings, RotateWebhookSecret, WebhookDeliveryPage, WebhookSettingsView } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { ListWebhookDeliveriesQuery, PutWebhookSettingsBody } from './dtos/webhook.dtos';

/** The organization's status callbacks: default URL, signing secret (`Zagel-Signature`), delivery log. */
@ApiTags('webhooks')
@ApiBearerAuth('bearer')
@Controller('webhooks')
export class CustomerWebhooksController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('settings')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'The default callback URL and whether it (or any callback URL) was disabled.' })
  @ApiOkResponse({ type: WebhookSettingsView })
  settings(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<WebhookSettingsView> {
    return this.rpc.call(correlation, 'ingestion', GetWebhookSettings, { organizationId: principal.organizationId! });
  }

  @Put('settings')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Set the default callback URL (saving it again re-enables it); the secret is shown the first time.' })
  @ApiOkResponse({ type: WebhookSettingsView })
  put(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: PutWebhookSettingsBody,
  ): Promise<WebhookSettingsView> {
    return this.rpc.call(correlation, 'ingestion', PutWebhookSettings, { url: body.url, organizationId: principal.organizationId! });
  }

  @Post('settings/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Replace the signing secret; the new one is in this response only.' })
  @ApiOkResponse({ type: WebhookSettingsView })
  rotate(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<WebhookSettingsView> {
    return this.rpc.call(correlation, 'ingestion', RotateWebhookSecret, { organizationId: principal.organizationId! });
  }

  @Get('deliveries')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Callback deliveries and their attempts, newest first.' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  deliveries(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListWebhookDeliveriesQuery,
  ): Promise<WebhookDeliveryPage> {
    return this.rpc.call(correlation, 'ingestion', ListWebhookDeliveries, { ...query, organizationId: principal.organizationId! });
  }
}
