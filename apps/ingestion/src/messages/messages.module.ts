import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { BillingClient } from '@zagel/billing-client';
import { BusClient, busClientToken, BusClientsModule } from '@zagel/messaging';
import { OptOutsModule } from '../opt-outs/opt-outs.module';
import { ScheduledMessagesPoller } from '../scheduling/scheduled-messages.poller';
import { TemplatesModule } from '../templates/templates.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CancelMessageUseCase } from './cancel-message.use-case';
import { RedactMessageUseCase } from './redact-message.use-case';
import { GetMessageUseCase } from './get-message.use-case';
import { ListMessagesUseCase } from './list-messages.use-case';
import { MessageBatchRequests } from './message-batch-requests';
import { MessageComposer } from './message-composer';
import { MessageEventLog } from './message-event-log';
import { MessageStatusRecorder } from './message-status-recorder';
import { MessageWriter } from './message-writer';
import { MessagesController } from './messages.controller';
import { OptedOutSends } from './opted-out-sends';
import { MessagesRepository } from './messages.repository';
import { RecordStatusBatchUseCase } from './record-status-batch.use-case';
import { RecordStatusUseCase } from './record-status.use-case';
import { SendBatchUseCase } from './send-batch.use-case';
import { SendMessageUseCase } from './send-message.use-case';

/** Single and batch sends, the message record and its history, cancel, and the scheduled-message poller. */
@Module({
  imports: [AnalyticsModule, TemplatesModule, OptOutsModule, WebhooksModule, BusClientsModule.register('billing')],
  controllers: [MessagesController],
  providers: [
    { provide: BillingClient, useFactory: (billing: BusClient) => new BillingClient(billing), inject: [busClientToken('billing')] },
    MessagesRepository,
    MessageComposer,
    MessageWriter,
    MessageBatchRequests,
    MessageStatusRecorder,
    MessageEventLog,
    SendMessageUseCase,
    SendBatchUseCase,
    GetMessageUseCase,
    ListMessagesUseCase,
    CancelMessageUseCase,
    RedactMessageUseCase,
    RecordStatusUseCase,
    RecordStatusBatchUseCase,
    ScheduledMessagesPoller,
    OptedOutSends,
  ],
  // Other senders (campaigns, the answers to HELP) store messages and request their routing the same way.
  exports: [MessagesRepository, MessageWriter, MessageBatchRequests, MessageStatusRecorder, MessageComposer, BillingClient],
})
export class MessagesModule {}
