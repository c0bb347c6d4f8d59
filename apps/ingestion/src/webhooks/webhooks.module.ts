import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { GetWebhookSettings, ListWebhookDeliveries, PutWebhookSettings, RotateWebhookSecret } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { GetWebhookSettingsUseCase } from './get-webhook-settings.use-case';
import { ListWebhookDeliveriesUseCase } from './list-webhook-deliveries.use-case';
import { PutWebhookSettingsUseCase } from './put-webhook-settings.use-case';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.use-case';
import { VerificationCallbacks } from './verification-callbacks';
import { WebhookDeliveriesPoller } from './webhook-deliveries.poller';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly getSettings: GetWebhookSettingsUseCase,
    private readonly putSettings: PutWebhookSettingsUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetWebhookSettings, (request) => this.getSettings.execute(request));
    this.bus.rpc.handle(PutWebhookSettings, (request) => this.putSettings.execute(request));
    this.bus.rpc.handle(RotateWebhookSecret, (request) => this.rotateSecret.execute(request));
    this.bus.rpc.handle(ListWebhookDeliveries, (request) => this.listDeliveries.execute(request));
  }
}

/** Customer status callbacks (messages and verifications): settings, signing secrets, the durable delivery queue and its poller. */
@Module({
  providers: [
    WebhooksRepository,
    WebhookSigningKeys,
    GetWebhookSettingsUseCase,
    PutWebhookSettingsUseCase,
    RotateWebhookSecretUseCase,
    ListWebhookDeliveriesUseCase,
    WebhooksRpcHandlers,
    WebhookDeliveriesPoller,
    VerificationCallbacks,
  ],
  exports: [WebhooksRepository],
})
export class WebhooksModule {}
