import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';
import { RewardBalance } from './reward-balance';
import { RewardPhoneOwner } from './reward-phone-owner';
import { RewardsRepository } from './rewards.repository';
import { RewardsRpcHandlers } from './rewards.rpc-handlers';

/** Phone owners' reward wallets: tokens per verified or delivered SMS, history, earnings per phone. */
@Module({
  imports: [LedgerModule],
  providers: [RewardsRepository, RewardBalance, RewardPhoneOwner, ListRewardsUseCase, GetRewardSummaryUseCase, RewardsRpcHandlers],
  exports: [RewardPhoneOwner],
})
export class RewardsModule {}
