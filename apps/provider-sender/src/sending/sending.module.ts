import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ProviderThrottle } from '../throttling/provider-throttle';
import { SendViaProviderUseCase } from './send-via-provider.use-case';
import { SendingController } from './sending.controller';

/** `provider.send`: down the chain with retries, circuit breaking, rate limits and at-most-once submits. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [SendingController],
  providers: [ProviderThrottle, SendViaProviderUseCase],
})
export class SendingModule {}
