import { Module } from '@nestjs/common';
import { ProviderWebhooksController } from './provider-webhooks.controller';

@Module({ controllers: [ProviderWebhooksController] })
export class ProviderWebhooksModule {}
