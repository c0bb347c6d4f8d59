import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeviceBanned,
  DeviceBannedPayload,
  DeviceCanaryPassed,
  DeviceCanaryPassedPayload,
  GetRewardSummary,
  ListRewards,
  ListRewardsRequest,
  RewardSummaryRequest,
} from '@zagel/contracts';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';
import { PayProvenRewardsUseCase } from './pay-proven-rewards.use-case';

@Controller()
export class RewardsController {
  constructor(
    private readonly listRewardsUseCase: ListRewardsUseCase,
    private readonly getRewardSummaryUseCase: GetRewardSummaryUseCase,
    private readonly provenRewards: PayProvenRewardsUseCase,
  ) {}

  @MessagePattern(ListRewards.type)
  listRewards(@Payload() request: ListRewardsRequest) {
    return this.listRewardsUseCase.execute(request);
  }

  @MessagePattern(GetRewardSummary.type)
  getRewardSummary(@Payload() request: RewardSummaryRequest) {
    return this.getRewardSummaryUseCase.execute(request);
  }

  @EventPattern(DeviceCanaryPassed.type)
  canaryPassed(@Payload() event: DeviceCanaryPassedPayload) {
    return this.provenRewards.canaryPassed(event);
  }

  @EventPattern(DeviceBanned.type)
  deviceBanned(@Payload() event: DeviceBannedPayload) {
    return this.provenRewards.banned(event);
  }
}
