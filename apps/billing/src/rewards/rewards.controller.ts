import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRewardSummary, ListRewards, ListRewardsRequest, RewardSummaryRequest } from '@zagel/contracts';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';

@Controller()
export class RewardsController {
  constructor(
    private readonly listRewardsUseCase: ListRewardsUseCase,
    private readonly getRewardSummaryUseCase: GetRewardSummaryUseCase,
  ) {}

  @MessagePattern(ListRewards.type)
  listRewards(@Payload() request: ListRewardsRequest) {
    return this.listRewardsUseCase.execute(request);
  }

  @MessagePattern(GetRewardSummary.type)
  getRewardSummary(@Payload() request: RewardSummaryRequest) {
    return this.getRewardSummaryUseCase.execute(request);
  }
}
