import { Injectable, OnModuleInit } from '@nestjs/common';
import { CancelVerification, CheckVerification, GetVerification, MessageStatusChanged, ResendVerification, StartVerification } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CancelVerificationUseCase } from './cancel-verification.use-case';
import { CheckVerificationUseCase } from './check-verification.use-case';
import { GetVerificationUseCase } from './get-verification.use-case';
import { RecordSendStatusUseCase } from './record-send-status.use-case';
import { ResendVerificationUseCase } from './resend-verification.use-case';
import { StartVerificationUseCase } from './start-verification.use-case';

/** OTP traffic has a lane of its own, so bulk events on the default lane never delay it. */
export const OTP_LANE = 'otp';

@Injectable()
export class VerificationsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly start: StartVerificationUseCase,
    private readonly check: CheckVerificationUseCase,
    private readonly resend: ResendVerificationUseCase,
    private readonly cancel: CancelVerificationUseCase,
    private readonly get: GetVerificationUseCase,
    private readonly recordSendStatus: RecordSendStatusUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(StartVerification, (request) => this.start.execute(request));
    this.bus.rpc.handle(CheckVerification, (request) => this.check.execute(request));
    this.bus.rpc.handle(ResendVerification, (request) => this.resend.execute(request));
    this.bus.rpc.handle(CancelVerification, (request) => this.cancel.execute(request));
    this.bus.rpc.handle(GetVerification, (request) => this.get.execute(request));
    this.bus.onEvent(MessageStatusChanged, (payload, context) => this.recordSendStatus.execute(payload, context.metadata.messageId), {
      lane: OTP_LANE,
    });
  }
}
