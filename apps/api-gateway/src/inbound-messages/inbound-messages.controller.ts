import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  GetInboundSettings,
  InboundMessagePage,
  InboundSettingsView,
  ListInboundMessages,
  ListInboundMessagesRequest,
  PutInboundSettings,
  PutInboundSettingsRequest,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, PlatformAdminOnly, RequireScopes } from '../authentication/access-policy';
import { QueryOf } from '../public-http/public-shapes';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';

// The organization is the credential's; only operators ask for the unattributed ones.

export class ListInboundMessagesQuery extends QueryOf(OmitType(ListInboundMessagesRequest, ['organizationId', 'unattributed'] as const)) {}

export class AdminListInboundMessagesQuery extends QueryOf(OmitType(ListInboundMessagesRequest, ['organizationId'] as const)) {}

export class PutInboundSettingsBody extends OmitType(PutInboundSettingsRequest, ['organizationId'] as const) {}

/** Replies and keywords the organization's recipients sent back, and how keywords are answered. */
@ApiTags('inbound')
@ApiBearerAuth('bearer')
@Controller()
export class InboundMessagesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('inbound-messages')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Inbound SMS attributed to the organization, newest first, each linked to the message it answers.' })
  @ApiOkResponse({ type: InboundMessagePage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListInboundMessagesQuery,
  ): Promise<InboundMessagePage> {
    return this.rpc.call(correlation, 'ingestion', ListInboundMessages, { ...query, organizationId: principal.organizationId! });
  }

  @Get('inbound-settings')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'The opt-out, opt-in and HELP keywords and the HELP answer.' })
  @ApiOkResponse({ type: InboundSettingsView })
  settings(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<InboundSettingsView> {
    return this.rpc.call(correlation, 'ingestion', GetInboundSettings, { organizationId: principal.organizationId! });
  }

  @Put('inbound-settings')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Change the keywords (matched ignoring case and spaces; one list each) or the HELP answer.' })
  @ApiOkResponse({ type: InboundSettingsView })
  putSettings(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: PutInboundSettingsBody,
  ): Promise<InboundSettingsView> {
    return this.rpc.call(correlation, 'ingestion', PutInboundSettings, { ...body, organizationId: principal.organizationId! });
  }
}

/** Operators: every inbound SMS, or (`unattributed=true`) those no organization could be found for. */
@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin')
export class AdminInboundMessagesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('inbound-messages')
  @ApiOperation({ summary: 'Inbound SMS of every organization; unattributed=true for those attributed to none.' })
  @ApiOkResponse({ type: InboundMessagePage })
  list(@RequestCorrelation() correlation: CorrelationContext, @Query() query: AdminListInboundMessagesQuery): Promise<InboundMessagePage> {
    return this.rpc.call(correlation, 'ingestion', ListInboundMessages, query);
  }
}
