import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { AnalyticsSummary, AnalyticsSummaryRequest, GetAnalyticsSummary } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';

/** The organization is the credential's. */
export class AnalyticsSummaryQuery extends OmitType(AnalyticsSummaryRequest, ['organizationId'] as const) {}

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('summary')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Sent, delivered, failed, delivery rate, segments, cost and OTP conversion for messages created in [from, to).' })
  @ApiOkResponse({ type: AnalyticsSummary, description: 'Totals and, with groupBy, one row per day, country, route or type.' })
  summary(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnalyticsSummaryQuery,
  ): Promise<AnalyticsSummary> {
    return this.rpc.call(correlation, 'ingestion', GetAnalyticsSummary, { ...query, organizationId: principal.organizationId! });
  }
}

@Module({ controllers: [AnalyticsController] })
export class AnalyticsModule {}
