import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { OptOutsModule } from '../opt-outs/opt-outs.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AnswerHelp } from './answer-help';
import { InboundController } from './inbound.controller';
import { InboundMessagesRepository } from './inbound-messages.repository';
import { InboundSettingsUseCase } from './inbound-settings.use-case';
import { ListInboundMessagesUseCase } from './list-inbound-messages.use-case';
import { ReceiveInboundSmsUseCase } from './receive-inbound-sms.use-case';

/** Inbound SMS: stored, attributed, keywords applied, HELP answered, `message.received` called back. */
@Module({
  imports: [MessagesModule, OptOutsModule, WebhooksModule],
  controllers: [InboundController],
  providers: [InboundMessagesRepository, AnswerHelp, ReceiveInboundSmsUseCase, ListInboundMessagesUseCase, InboundSettingsUseCase],
})
export class InboundModule {}
