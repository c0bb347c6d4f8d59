import { Module } from '@nestjs/common';
import { ReservationsModule } from '../reservations/reservations.module';
import { RewardsModule } from '../rewards/rewards.module';
import { MessageEventsController } from './message-events.controller';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';

/** What billing does when messages move: settle reservations, reward phone owners. */
@Module({
  imports: [ReservationsModule, RewardsModule],
  controllers: [MessageEventsController],
  providers: [SettleOnMessageStatusUseCase, RewardVerifiedOtpUseCase],
})
export class MessageEventsModule {}
