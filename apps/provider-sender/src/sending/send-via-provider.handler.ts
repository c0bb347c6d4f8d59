import { Injectable, OnModuleInit } from '@nestjs/common';
import { SendViaProvider } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { SendViaProviderUseCase } from './send-via-provider.use-case';

/** Consumes `provider.send` from the service queue (the dispatcher's commands and this service's own retries). */
@Injectable()
export class SendViaProviderHandler implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly send: SendViaProviderUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.onCommand(SendViaProvider, async (command) => {
      await this.send.execute(command);
    });
  }
}
