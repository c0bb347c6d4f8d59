import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRewards, RewardPage } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { RewardsQuery } from './dtos/billing.dtos';

/** A phone owner's reward tokens: balance and the messages that earned them. */
@ApiTags('devices')
@ApiBearerAuth('bearer')
@UsersOnly()
@Controller('rewards')
export class RewardsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get()
  @ApiOperation({ summary: "The signed-in phone owner's reward balance and history, newest first." })
  @ApiOkResponse({ type: RewardPage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: RewardsQuery,
  ): Promise<RewardPage> {
    return this.rpc.call(correlation, 'billing', ListRewards, { ...query, ownerId: principal.userId! });
  }
}
