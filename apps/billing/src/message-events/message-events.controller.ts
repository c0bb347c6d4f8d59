import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  MessageStatusBatch,
  MessageStatusBatchPayload,
  MessageStatusChanged,
  MessageStatusPayload,
  OtpVerified,
  OtpVerifiedPayload,
} from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';
import { SettleStatusBatchUseCase } from './settle-status-batch.use-case';

@Controller()
export class MessageEventsController {
  constructor(
    private readonly settleOnStatus: SettleOnMessageStatusUseCase,
    private readonly settleBatch: SettleStatusBatchUseCase,
    private readonly rewardOtp: RewardVerifiedOtpUseCase,
  ) {}

  @EventPattern(MessageStatusChanged.type)
  statusChanged(@Payload() event: MessageStatusPayload, @Ctx() context: BusContext) {
    return this.settleOnStatus.execute(event, context.metadata.messageId);
  }

  @EventPattern(MessageStatusBatch.type, { lane: 'bulk' })
  statusBatch(@Payload() batch: MessageStatusBatchPayload) {
    return this.settleBatch.execute(batch);
  }

  @EventPattern(OtpVerified.type)
  otpVerified(@Payload() event: OtpVerifiedPayload, @Ctx() context: BusContext) {
    return this.rewardOtp.execute(event, context.metadata.messageId);
  }
}
