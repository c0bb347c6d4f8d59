import { Injectable, OnModuleInit } from '@nestjs/common';
import { CancelMessage, GetMessage, ListMessages, MessageRequested, MessageStatusChanged, OtpVerified, SendBatch, SendMessage } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CancelMessageUseCase } from './cancel-message.use-case';
import { GetMessageUseCase } from './get-message.use-case';
import { ListMessagesUseCase } from './list-messages.use-case';
import { RecordStatusUseCase } from './record-status.use-case';
import { SendBatchUseCase } from './send-batch.use-case';
import { SendMessageUseCase } from './send-message.use-case';

/** The Messages API over RPC, and the events that move messages along. */
@Injectable()
export class MessagesBusHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly send: SendMessageUseCase,
    private readonly sendBatch: SendBatchUseCase,
    private readonly listMessages: ListMessagesUseCase,
    private readonly getMessage: GetMessageUseCase,
    private readonly cancel: CancelMessageUseCase,
    private readonly record: RecordStatusUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(SendMessage, (request) => this.send.execute(request));
    this.bus.rpc.handle(SendBatch, (request) => this.sendBatch.execute(request));
    this.bus.rpc.handle(ListMessages, (request) => this.listMessages.execute(request));
    this.bus.rpc.handle(GetMessage, (request) => this.getMessage.execute(request));
    this.bus.rpc.handle(CancelMessage, (request) => this.cancel.execute(request));
    this.bus.onEvent(MessageStatusChanged, (event, context) => this.record.statusChanged(event, context.metadata.messageId), { lane: 'status' });
    this.bus.onEvent(MessageRequested, (event, context) => this.record.requested(event, context.metadata.messageId, context.metadata.occurredAt), { lane: 'otp' });
    this.bus.onEvent(OtpVerified, (event, context) => this.record.otpVerified(event, context.metadata.messageId), { lane: 'otp' });
  }
}
