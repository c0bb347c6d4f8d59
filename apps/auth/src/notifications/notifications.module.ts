import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotifyOwnersUseCase } from './notify-owners.use-case';
import { OwnerEmailSender } from './owner-email-sender';
import { OwnerNotificationsRepository } from './owner-notifications.repository';
import { SmtpMailer } from './smtp-mailer';

/** Emails to organization owners about `billing.low-balance` and `webhooks.endpoint-disabled` (SMTP_URL). */
@Module({
  controllers: [NotificationsController],
  providers: [OwnerNotificationsRepository, SmtpMailer, OwnerEmailSender, NotifyOwnersUseCase],
})
export class NotificationsModule {}
