import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ProviderThrottle } from '../throttling/provider-throttle';
import { SendViaProviderHandler } from './send-via-provider.handler';
import { SendViaProviderUseCase } from './send-via-provider.use-case';

/** `provider.send`: down the chain with retries, circuit breaking, rate limits and at-most-once submits. */
@Module({
  imports: [ProviderCatalogModule],
  providers: [ProviderThrottle, SendViaProviderUseCase, SendViaProviderHandler],
})
export class SendingModule {}
