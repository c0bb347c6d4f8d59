import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRewardSummary, ListRewards, ListRewardsRequest, RewardSummaryRequest } from '@zagel/contracts';
import { ListRewardsUseCase } from './list-rewards.use-case';

@Controller()
export class RewardsController {
  constructor(private readonly rewards: ListRewardsUseCase) {}

  @MessagePattern(ListRewards.type)
  listRewards(@Payload() request: ListRewardsRequest) {
    return this.rewards.list(request);
  }

  @MessagePattern(GetRewardSummary.type)
  getRewardSummary(@Payload() request: RewardSummaryRequest) {
    return this.rewards.summary(request);
  }
}
