import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ListRewardsUseCase } from './list-rewards.use-case';
import { RewardPhoneOwner } from './reward-phone-owner';
import { RewardsRepository } from './rewards.repository';
import { RewardsController } from './rewards.controller';

/** Phone owners' reward wallets: tokens per verified or delivered SMS, history, earnings per phone. */
@Module({
  imports: [LedgerModule],
  controllers: [RewardsController],
  providers: [RewardsRepository, RewardPhoneOwner, ListRewardsUseCase],
  exports: [RewardPhoneOwner],
})
export class RewardsModule {}
