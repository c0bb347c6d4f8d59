import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';
import { RewardBalance } from './reward-balance';
import { RewardPhoneOwner } from './reward-phone-owner';
import { RewardsController } from './rewards.controller';
import { RewardsRepository } from './rewards.repository';

/** Phone owners' reward wallets: tokens per verified or delivered SMS, history, earnings per phone. */
@Module({
  imports: [LedgerModule],
  controllers: [RewardsController],
  providers: [RewardsRepository, RewardBalance, RewardPhoneOwner, ListRewardsUseCase, GetRewardSummaryUseCase],
  exports: [RewardPhoneOwner],
})
export class RewardsModule {}
