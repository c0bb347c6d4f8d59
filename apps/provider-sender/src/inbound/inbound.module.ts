import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { InboundController } from './inbound.controller';
import { ReceiveProviderInboundUseCase } from './receive-provider-inbound.use-case';

/** Inbound SMS posted to the gateway's provider webhooks, verified and read by the provider's adapter. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [InboundController],
  providers: [ReceiveProviderInboundUseCase],
})
export class InboundModule {}
