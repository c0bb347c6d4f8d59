import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRewards } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { PageQuery } from '../api-keys/dtos/api-key.dtos';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RewardPageResponse } from './dtos/billing.dtos';

/** A phone owner's reward tokens: balance and the messages that earned them. */
@ApiTags('devices')
@ApiBearerAuth('bearer')
@UsersOnly()
@Controller('rewards')
export class RewardsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get()
  @ApiOperation({ summary: "The signed-in phone owner's reward balance and history, newest first." })
  @ApiOkResponse({ type: RewardPageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<RewardPageResponse> {
    return this.rpc.call('billing', ListRewards, { ...query, ownerId: principal.userId! });
  }
}
