import { Module } from '@nestjs/common';
import { ReservationsModule } from '../reservations/reservations.module';
import { RewardsModule } from '../rewards/rewards.module';
import { MessageEventsConsumer } from './message-events.consumer';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';

/** What billing does when messages move: settle reservations, reward phone owners. */
@Module({
  imports: [ReservationsModule, RewardsModule],
  providers: [SettleOnMessageStatusUseCase, RewardVerifiedOtpUseCase, MessageEventsConsumer],
})
export class MessageEventsModule {}
