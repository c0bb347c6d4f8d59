import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotifyOwnersUseCase } from './notify-owners.use-case';
import { OwnerEmailSender } from './owner-email-sender';
import { OwnerNotificationsRepository } from './owner-notifications.repository';
import { SmtpMailer } from './smtp-mailer';

/** Emails to organization owners about `billing.low-balance` and `webhooks.endpoint-disabled`; auth loads it only when SMTP_URL is set. */
@Module({
  controllers: [NotificationsController],
  providers: [OwnerNotificationsRepository, SmtpMailer, OwnerEmailSender, NotifyOwnersUseCase],
})
export class NotificationsModule {}
