import { Module } from '@nestjs/common';
import { VerificationCallbacks } from './verification-callbacks';
import { WebhookDeliveriesPoller } from './webhook-deliveries.poller';
import { WebhookSettingsUseCases } from './webhook-settings.use-cases';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** Customer status callbacks (messages and verifications): settings, signing secrets, the durable delivery queue and its poller. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookSigningKeys, WebhookSettingsUseCases, WebhookDeliveriesPoller, VerificationCallbacks],
  exports: [WebhooksRepository],
})
export class WebhooksModule {}
