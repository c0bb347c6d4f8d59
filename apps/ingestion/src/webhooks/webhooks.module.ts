import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { GetWebhookSettings, ListWebhookDeliveries, PutWebhookSettings, RotateWebhookSecret } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { VerificationCallbacks } from './verification-callbacks';
import { WebhookDeliveriesPoller } from './webhook-deliveries.poller';
import { WebhookSettingsUseCases } from './webhook-settings.use-cases';
import { WebhookSigningKeys } from './webhook-signing-keys';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly settings: WebhookSettingsUseCases,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetWebhookSettings, (request) => this.settings.get(request));
    this.bus.rpc.handle(PutWebhookSettings, (request) => this.settings.put(request));
    this.bus.rpc.handle(RotateWebhookSecret, (request) => this.settings.rotateSecret(request));
    this.bus.rpc.handle(ListWebhookDeliveries, (request) => this.settings.deliveries(request));
  }
}

/** Customer status callbacks (messages and verifications): settings, signing secrets, the durable delivery queue and its poller. */
@Module({
  providers: [WebhooksRepository, WebhookSigningKeys, WebhookSettingsUseCases, WebhooksRpcHandlers, WebhookDeliveriesPoller, VerificationCallbacks],
  exports: [WebhooksRepository],
})
export class WebhooksModule {}
