import { Injectable, OnModuleInit } from '@nestjs/common';
import { GetRewardSummary, ListRewards } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';

@Injectable()
export class RewardsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly listRewards: ListRewardsUseCase,
    private readonly rewardSummary: GetRewardSummaryUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(ListRewards, (request) => this.listRewards.execute(request));
    this.bus.rpc.handle(GetRewardSummary, (request) => this.rewardSummary.execute(request));
  }
}
