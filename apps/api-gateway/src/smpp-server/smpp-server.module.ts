import { Module } from '@nestjs/common';
import { AuthenticationModule } from '../authentication/authentication.module';
import { MailboxDelivery } from './mailbox-delivery';
import { SmppMailbox } from './smpp-mailbox';
import { SmppMailController } from './smpp-mail.controller';
import { SmppServer } from './smpp-server';
import { SubmitMessageUseCase } from './submit-message.use-case';

/** The SMPP 3.4 server (SMPP_PORT): binds with API keys, submit_sm as ordinary messages, deliver_sm receipts. */
@Module({
  imports: [AuthenticationModule],
  controllers: [SmppMailController],
  providers: [SmppServer, SubmitMessageUseCase, SmppMailbox, MailboxDelivery],
})
export class SmppServerModule {}
