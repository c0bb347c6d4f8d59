import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ProviderThrottle } from '../throttling/provider-throttle';
import { BatchDeliveriesRepository } from './batch-deliveries.repository';
import { ProcessPresence } from './process-presence';
import { ProviderEligibility } from './provider-eligibility';
import { SendBatchViaProviderUseCase } from './send-batch-via-provider.use-case';
import { SendViaProviderUseCase } from './send-via-provider.use-case';
import { SendingController } from './sending.controller';

/** `provider.send` and `provider.send.batch`: down the chain with retries, circuit breaking, rate limits and at-most-once submits. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [SendingController],
  providers: [ProcessPresence, ProviderThrottle, ProviderEligibility, BatchDeliveriesRepository, SendViaProviderUseCase, SendBatchViaProviderUseCase],
})
export class SendingModule {}
