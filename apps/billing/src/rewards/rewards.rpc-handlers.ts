import { Injectable, OnModuleInit } from '@nestjs/common';
import { GetRewardSummary, ListRewards } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ListRewardsUseCase } from './list-rewards.use-case';

@Injectable()
export class RewardsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly rewards: ListRewardsUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(ListRewards, (request) => this.rewards.list(request));
    this.bus.rpc.handle(GetRewardSummary, (request) => this.rewards.summary(request));
  }
}
