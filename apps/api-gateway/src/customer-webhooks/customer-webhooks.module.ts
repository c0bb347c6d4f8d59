import { Module } from '@nestjs/common';
import { CustomerWebhooksController } from './customer-webhooks.controller';

@Module({ controllers: [CustomerWebhooksController] })
export class CustomerWebhooksModule {}
