import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageStatusChanged, OtpVerified } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';

@Injectable()
export class MessageEventsConsumer implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly settleOnStatus: SettleOnMessageStatusUseCase,
    private readonly rewardOtp: RewardVerifiedOtpUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.onEvent(MessageStatusChanged, (payload, { metadata }) => this.settleOnStatus.execute(payload, metadata.messageId));
    this.bus.onEvent(OtpVerified, (payload, { metadata }) => this.rewardOtp.execute(payload, metadata.messageId));
  }
}
