import { Module } from '@nestjs/common';
import { ProviderInboundWebhooksController } from './provider-inbound-webhooks.controller';
import { ProviderWebhooksController } from './provider-webhooks.controller';

@Module({ controllers: [ProviderInboundWebhooksController, ProviderWebhooksController] })
export class ProviderWebhooksModule {}
