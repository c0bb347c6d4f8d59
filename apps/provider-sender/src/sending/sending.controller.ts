import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SendBatchViaProvider, SendBatchViaProviderPayload, SendViaProvider, SendViaProviderPayload } from '@zagel/contracts';
import { SendBatchViaProviderUseCase } from './send-batch-via-provider.use-case';
import { SendViaProviderUseCase } from './send-via-provider.use-case';

/** Takes `provider.send` and `provider.send.batch` from the service queue (the dispatcher's commands and this service's own retries). */
@Controller()
export class SendingController {
  constructor(
    private readonly send: SendViaProviderUseCase,
    private readonly sendBatch: SendBatchViaProviderUseCase,
  ) {}

  @EventPattern(SendViaProvider.type)
  async sendViaProvider(@Payload() command: SendViaProviderPayload): Promise<void> {
    await this.send.execute(command);
  }

  /** Bulk: up to 500 recipients of one organization (the dispatcher's batches, and throttled rests of them). */
  @EventPattern(SendBatchViaProvider.type)
  async sendBatchViaProvider(@Payload() command: SendBatchViaProviderPayload): Promise<void> {
    await this.sendBatch.execute(command);
  }
}
