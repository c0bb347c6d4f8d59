import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SendViaProvider, SendViaProviderPayload } from '@zagel/contracts';
import { SendViaProviderUseCase } from './send-via-provider.use-case';

/** Takes `provider.send` from the service queue (the dispatcher's commands and this service's own retries). */
@Controller()
export class SendingController {
  constructor(private readonly send: SendViaProviderUseCase) {}

  @EventPattern(SendViaProvider.type)
  async sendViaProvider(@Payload() command: SendViaProviderPayload): Promise<void> {
    await this.send.execute(command);
  }
}
