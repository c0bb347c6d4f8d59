import { Module } from '@nestjs/common';
import { AuthenticationModule } from '../authentication/authentication.module';
import { ReceiptDelivery } from './receipt-delivery';
import { ReceiptMailbox } from './receipt-mailbox';
import { SmppReceiptsController } from './smpp-receipts.controller';
import { SmppServer } from './smpp-server';
import { SubmitMessageUseCase } from './submit-message.use-case';

/** The SMPP 3.4 server (SMPP_PORT): binds with API keys, submit_sm as ordinary messages, deliver_sm receipts. */
@Module({
  imports: [AuthenticationModule],
  controllers: [SmppReceiptsController],
  providers: [SmppServer, SubmitMessageUseCase, ReceiptMailbox, ReceiptDelivery],
})
export class SmppServerModule {}
