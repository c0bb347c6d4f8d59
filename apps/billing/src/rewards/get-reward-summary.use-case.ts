import { Injectable } from '@nestjs/common';
import { RewardSummary, RewardSummaryRequest } from '@zagel/contracts';
import { RewardBalance } from './reward-balance';
import { RewardsRepository } from './rewards.repository';

/** A phone owner's reward balance and earnings per phone. */
@Injectable()
export class GetRewardSummaryUseCase {
  constructor(
    private readonly balance: RewardBalance,
    private readonly rewards: RewardsRepository,
  ) {}

  async execute(request: RewardSummaryRequest): Promise<RewardSummary> {
    const [balance, devices] = await Promise.all([this.balance.of(request.ownerId), this.rewards.byDevice(request.ownerId)]);
    return {
      balance,
      byDevice: devices.map((row) => ({ deviceId: row.device_id, earned: Number(row.earned), rewardedMessages: row.rewarded })),
    };
  }
}
