import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { eachWithLimit } from '@zagel/concurrency';
import {
  CancelMessage,
  RedactMessage,
  GetMessage,
  ListMessages,
  ListMessagesRequest,
  MessageRef,
  MessageRequested,
  MessageRequestedPayload,
  MessageReportsAnnounced,
  MessageStatusBatch,
  MessageStatusBatchPayload,
  MessageStatusChanged,
  MessageStatusesChanged,
  MessageStatusesPayload,
  MessageStatusPayload,
  OTP_EVENT_LANE,
  OtpVerified,
  OtpVerifiedPayload,
  SendBatch,
  SendBatchRequest,
  SendMessage,
  SendMessageRequest,
} from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { CancelMessageUseCase } from './cancel-message.use-case';
import { RedactMessageUseCase } from './redact-message.use-case';
import { GetMessageUseCase } from './get-message.use-case';
import { ListMessagesUseCase } from './list-messages.use-case';
import { RecordStatusBatchUseCase } from './record-status-batch.use-case';
import { RecordStatusUseCase } from './record-status.use-case';
import { SendBatchUseCase } from './send-batch.use-case';
import { SendMessageUseCase } from './send-message.use-case';

/** The Messages API over RPC, and the events that move messages along. */
@Controller()
export class MessagesController {
  constructor(
    private readonly send: SendMessageUseCase,
    private readonly sendBatchUseCase: SendBatchUseCase,
    private readonly listMessagesUseCase: ListMessagesUseCase,
    private readonly getMessageUseCase: GetMessageUseCase,
    private readonly cancel: CancelMessageUseCase,
    private readonly redact: RedactMessageUseCase,
    private readonly record: RecordStatusUseCase,
    private readonly recordBatch: RecordStatusBatchUseCase,
  ) {}

  @MessagePattern(SendMessage.type)
  sendMessage(@Payload() request: SendMessageRequest) {
    return this.send.execute(request);
  }

  @MessagePattern(SendBatch.type)
  sendBatch(@Payload() request: SendBatchRequest) {
    return this.sendBatchUseCase.execute(request);
  }

  @MessagePattern(ListMessages.type)
  listMessages(@Payload() request: ListMessagesRequest) {
    return this.listMessagesUseCase.execute(request);
  }

  @MessagePattern(GetMessage.type)
  getMessage(@Payload() request: MessageRef) {
    return this.getMessageUseCase.execute(request);
  }

  @MessagePattern(CancelMessage.type)
  cancelMessage(@Payload() request: MessageRef) {
    return this.cancel.execute(request);
  }

  @MessagePattern(RedactMessage.type)
  redactMessage(@Payload() request: MessageRef) {
    return this.redact.execute(request);
  }

  /**
   * Verification codes' steps on the live lane, the API's messages' on the bulk lane: a campaign's never
   * delay an OTP's. Each origin's events are recorded in group commits of their own.
   */
  @EventPattern(MessageStatusChanged.type, { lane: 'live', bindings: ['message.status.*.otp'] })
  statusChanged(@Payload() event: MessageStatusPayload) {
    return this.record.statusChanged(event);
  }

  /** The phones' steps of otp's codes, announced together by the dispatcher: each recorded as its single event would be. */
  @EventPattern(MessageStatusesChanged.type, { lane: 'live', bindings: ['message.statuses.*.otp'] })
  async statusesChanged(@Payload() batch: MessageStatusesPayload): Promise<void> {
    await eachWithLimit(batch.items, batch.items.length, (event) => this.record.statusChanged(event));
  }

  @EventPattern(MessageStatusChanged.type, { lane: 'bulk', bindings: ['message.status.*.api'] })
  apiStatusChanged(@Payload() event: MessageStatusPayload) {
    return this.record.statusChanged(event);
  }

  /** Bulk traffic's statuses, up to 500 a message, on a queue of their own. */
  @EventPattern(MessageStatusBatch.type, { lane: 'bulk' })
  async statusBatch(@Payload() batch: MessageStatusBatchPayload): Promise<void> {
    await this.recordBatch.execute(batch);
  }

  /** Bulk messages' reports after their `sent` (nothing for billing in them), recorded as any status batch. */
  @EventPattern(MessageReportsAnnounced.type, { lane: 'bulk' })
  async reports(@Payload() batch: MessageStatusBatchPayload): Promise<void> {
    await this.recordBatch.execute(batch);
  }

  /** Only otp's requests: the API's own messages are recorded when accepted. */
  @EventPattern(MessageRequested.type, { lane: 'live', bindings: ['message.requested.*.otp'] })
  requested(@Payload() event: MessageRequestedPayload, @Ctx() context: BusContext) {
    return this.record.requested(event, context.metadata.occurredAt);
  }

  @EventPattern(OtpVerified.type, { lane: OTP_EVENT_LANE })
  otpVerified(@Payload() event: OtpVerifiedPayload) {
    return this.record.otpVerified(event);
  }
}
