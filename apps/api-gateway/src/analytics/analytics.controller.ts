import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';
import { ANALYTICS_GROUPINGS, AnalyticsGrouping, AnalyticsSummary, GetAnalyticsSummary } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';

export class AnalyticsSummaryQuery {
  @ApiProperty({ example: '2026-11-01T00:00:00Z' })
  @IsDateString()
  from: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsDateString()
  to: string;

  @ApiPropertyOptional({ enum: ANALYTICS_GROUPINGS })
  @IsOptional()
  @IsIn(ANALYTICS_GROUPINGS)
  groupBy?: AnalyticsGrouping;
}

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('summary')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Sent, delivered, failed, delivery rate, segments, cost and OTP conversion for messages created in [from, to).' })
  @ApiOkResponse({ description: 'totals and, with groupBy, one row per day, country, route or type' })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsSummaryQuery): Promise<AnalyticsSummary> {
    return this.rpc.call('ingestion', GetAnalyticsSummary, { ...query, organizationId: principal.organizationId! });
  }
}

@Module({ controllers: [AnalyticsController] })
export class AnalyticsModule {}
