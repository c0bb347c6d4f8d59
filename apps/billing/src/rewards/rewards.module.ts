import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { GetRewardSummaryUseCase } from './get-reward-summary.use-case';
import { ListRewardsUseCase } from './list-rewards.use-case';
import { PayProvenRewardsUseCase } from './pay-proven-rewards.use-case';
import { PendingRewards } from './pending-rewards';
import { RewardBalance } from './reward-balance';
import { RewardPhoneOwner } from './reward-phone-owner';
import { RewardsController } from './rewards.controller';
import { RewardsRepository } from './rewards.repository';

/** Phone owners' reward wallets: tokens per verified OTP or canary-proven SMS, pending claims, history, earnings per phone. */
@Module({
  imports: [LedgerModule],
  controllers: [RewardsController],
  providers: [RewardsRepository, RewardBalance, RewardPhoneOwner, PendingRewards, PayProvenRewardsUseCase, ListRewardsUseCase, GetRewardSummaryUseCase],
  exports: [RewardPhoneOwner, PendingRewards],
})
export class RewardsModule {}
