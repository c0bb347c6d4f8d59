import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { ProviderSenderConfig } from '../config';
import { PollDeliveryReportsUseCase } from './poll-delivery-reports.use-case';

/** Runs delivery polling rounds on every instance; the claim's SKIP LOCKED and lease share the work between them. */
@Injectable()
export class DeliveryReportPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(useCase: PollDeliveryReportsUseCase, settings: ProviderSenderConfig) {
    this.poller = new Poller({ name: 'delivery-report-polls', intervalMs: settings.DELIVERY_POLL_INTERVAL_MS, task: () => useCase.execute() });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
