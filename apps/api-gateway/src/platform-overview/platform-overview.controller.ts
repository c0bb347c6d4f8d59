import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetPlatformMessageRate, PlatformMessageRateRequest, PlatformOverview } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { QueryOf } from '../public-http/public-shapes';
import { PlatformAdminOnly } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { BusQueueDepths } from './bus-queue-depths';

/** `?windowSeconds`: read from the query text, then checked by the contract's rules. */
export class PlatformOverviewQuery extends QueryOf(PlatformMessageRateRequest) {}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin')
export class PlatformOverviewController {
  constructor(
    private readonly queues: BusQueueDepths,
    private readonly rpc: ServiceRpc,
  ) {}

  @Get('platform')
  @ApiOperation({ summary: "The bus queues' depths and consumers, and messages accepted per second over the last minutes (every organization)." })
  @ApiOkResponse({ type: PlatformOverview })
  async overview(@RequestCorrelation() correlation: CorrelationContext, @Query() query: PlatformOverviewQuery): Promise<PlatformOverview> {
    const [queues, messageRate] = await Promise.all([this.queues.read(), this.rpc.call(correlation, 'ingestion', GetPlatformMessageRate, query)]);
    return { ...queues, messageRate };
  }
}
