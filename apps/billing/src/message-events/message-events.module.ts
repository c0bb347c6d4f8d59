import { Module } from '@nestjs/common';
import { AllowancesModule } from '../allowances/allowances.module';
import { ReservationsModule } from '../reservations/reservations.module';
import { RewardsModule } from '../rewards/rewards.module';
import { MessageEventsController } from './message-events.controller';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { SettleMessages } from './settle-messages';
import { SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';
import { SettleLiveStepsUseCase } from './settle-live-steps.use-case';
import { SettleStatusBatchUseCase } from './settle-status-batch.use-case';

/** What billing does when messages move: settle reservations (one event or a batch at a time), reward phone owners. */
@Module({
  imports: [ReservationsModule, RewardsModule, AllowancesModule],
  controllers: [MessageEventsController],
  providers: [SettleMessages, SettleOnMessageStatusUseCase, SettleStatusBatchUseCase, SettleLiveStepsUseCase, RewardVerifiedOtpUseCase],
})
export class MessageEventsModule {}
