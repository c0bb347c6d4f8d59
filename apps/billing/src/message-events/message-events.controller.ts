import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  MessageOrigin,
  MessageStatusBatch,
  MessageStatusBatchPayload,
  MessageStatusChanged,
  MessageStatusesChanged,
  MessageStatusesPayload,
  MessageStatusPayload,
  OtpVerified,
  OtpVerifiedPayload,
} from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { RewardVerifiedOtpUseCase } from './reward-verified-otp.use-case';
import { CAPTURING_STATUSES, RELEASING_STATUSES, SettleOnMessageStatusUseCase } from './settle-on-message-status.use-case';
import { SettleLiveStepsUseCase } from './settle-live-steps.use-case';
import { SettleStatusBatchUseCase } from './settle-status-batch.use-case';

/** The statuses billing settles on, for one origin: `queued`, `scheduled` and `routing` never reach it. */
export function settlingBindings(origin: MessageOrigin): string[] {
  return [...CAPTURING_STATUSES, ...RELEASING_STATUSES].map((status) => `message.status.${status}.${origin}`);
}

/**
 * Verification codes settle on the live lane; the API's messages (batches, campaigns) on the bulk
 * lane, so a campaign's settlements never delay an OTP's.
 */
@Controller()
export class MessageEventsController {
  constructor(
    private readonly settleOnStatus: SettleOnMessageStatusUseCase,
    private readonly settleBatch: SettleStatusBatchUseCase,
    private readonly settleLiveSteps: SettleLiveStepsUseCase,
    private readonly rewardOtp: RewardVerifiedOtpUseCase,
  ) {}

  @EventPattern(MessageStatusChanged.type, { lane: 'live', bindings: settlingBindings('otp') })
  statusChanged(@Payload() event: MessageStatusPayload, @Ctx() context: BusContext) {
    return this.settleOnStatus.execute(event, context.metadata.messageId);
  }

  /** The phones' outcomes of codes, announced together by the dispatcher (never its `routing` steps). */
  @EventPattern(MessageStatusesChanged.type, { lane: 'live', bindings: ['message.statuses.outcome.otp'] })
  liveSteps(@Payload() batch: MessageStatusesPayload) {
    return this.settleLiveSteps.execute(batch);
  }

  @EventPattern(MessageStatusChanged.type, { lane: 'bulk', bindings: settlingBindings('api') })
  apiStatusChanged(@Payload() event: MessageStatusPayload, @Ctx() context: BusContext) {
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
