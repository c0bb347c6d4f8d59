import { Module } from '@nestjs/common';
import { AdminInboundMessagesController, InboundMessagesController } from './inbound-messages.controller';

@Module({ controllers: [InboundMessagesController, AdminInboundMessagesController] })
export class InboundMessagesModule {}
