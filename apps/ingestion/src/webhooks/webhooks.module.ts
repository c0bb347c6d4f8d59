import { Module } from '@nestjs/common';
import { GetWebhookSettingsUseCase } from './get-webhook-settings.use-case';
import { ListWebhookDeliveriesUseCase } from './list-webhook-deliveries.use-case';
import { OrganizationNoticeCallbacks } from './organization-notice-callbacks';
import { PutWebhookSettingsUseCase } from './put-webhook-settings.use-case';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.use-case';
import { VerificationCallbacks } from './verification-callbacks';
import { WebhookDeliveriesPoller } from './webhook-deliveries.poller';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** Customer callbacks (message and verification statuses, organization notices): settings, signing secrets, the durable delivery queue and its poller. */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhookSigningKeys,
    GetWebhookSettingsUseCase,
    PutWebhookSettingsUseCase,
    RotateWebhookSecretUseCase,
    ListWebhookDeliveriesUseCase,
    WebhookDeliveriesPoller,
    VerificationCallbacks,
    OrganizationNoticeCallbacks,
  ],
  exports: [WebhooksRepository],
})
export class WebhooksModule {}
