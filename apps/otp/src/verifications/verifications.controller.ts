import { Controller } from '@nestjs/common';
import { eachWithLimit } from '@zagel/concurrency';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CancelVerification,
  CheckVerification,
  CheckVerificationRequest,
  GetVerification,
  ListVerifications,
  ListVerificationsRequest,
  MessageStatusChanged,
  MessageStatusesChanged,
  MessageStatusesPayload,
  MessageStatusPayload,
  ResendVerification,
  StartVerification,
  StartVerificationRequest,
  VerificationRequest,
} from '@zagel/contracts';
import { CancelVerificationUseCase } from './cancel-verification.use-case';
import { CheckVerificationUseCase } from './check-verification.use-case';
import { GetVerificationUseCase } from './get-verification.use-case';
import { ListVerificationsUseCase } from './list-verifications.use-case';
import { RecordSendStatusUseCase } from './record-send-status.use-case';
import { ResendVerificationUseCase } from './resend-verification.use-case';
import { StartVerificationUseCase } from './start-verification.use-case';

/** OTP traffic is on the live lane, so bulk events never delay it. */
export const OTP_LANE = 'live';

/** The steps of otp's own sends that it records (nobody announces `queued` or `scheduled` for them). */
export const OTP_SEND_STATUS_BINDINGS = (['routing', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'expired'] as const).map(
  (status) => `message.status.${status}.otp`,
);

@Controller()
export class VerificationsController {
  constructor(
    private readonly start: StartVerificationUseCase,
    private readonly check: CheckVerificationUseCase,
    private readonly resend: ResendVerificationUseCase,
    private readonly cancel: CancelVerificationUseCase,
    private readonly get: GetVerificationUseCase,
    private readonly list: ListVerificationsUseCase,
    private readonly recordSendStatus: RecordSendStatusUseCase,
  ) {}

  @MessagePattern(StartVerification.type)
  startVerification(@Payload() request: StartVerificationRequest) {
    return this.start.execute(request);
  }

  @MessagePattern(CheckVerification.type)
  checkVerification(@Payload() request: CheckVerificationRequest) {
    return this.check.execute(request);
  }

  @MessagePattern(ResendVerification.type)
  resendVerification(@Payload() request: VerificationRequest) {
    return this.resend.execute(request);
  }

  @MessagePattern(CancelVerification.type)
  cancelVerification(@Payload() request: VerificationRequest) {
    return this.cancel.execute(request);
  }

  @MessagePattern(GetVerification.type)
  getVerification(@Payload() request: VerificationRequest) {
    return this.get.execute(request);
  }

  @MessagePattern(ListVerifications.type)
  listVerifications(@Payload() request: ListVerificationsRequest) {
    return this.list.execute(request);
  }

  @EventPattern(MessageStatusChanged.type, { lane: OTP_LANE, bindings: OTP_SEND_STATUS_BINDINGS })
  sendStatusChanged(@Payload() event: MessageStatusPayload) {
    return this.recordSendStatus.execute(event);
  }

  /** The phones' steps of our sends, announced together by the dispatcher: each recorded as its single event would be. */
  @EventPattern(MessageStatusesChanged.type, { lane: OTP_LANE, bindings: ['message.statuses.*.otp'] })
  async sendStatusesChanged(@Payload() batch: MessageStatusesPayload) {
    await eachWithLimit(batch.items, batch.items.length, (event) => this.recordSendStatus.execute(event));
  }
}
