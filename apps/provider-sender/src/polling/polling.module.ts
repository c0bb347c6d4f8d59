import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { DeliveryPollsRepository } from './delivery-polls.repository';
import { DeliveryReportPoller } from './delivery-report-poller';
import { PollDeliveryReportsUseCase } from './poll-delivery-reports.use-case';

/** Delivery status polled from providers without callbacks (SMS.IR, Kavenegar's status API, SNS's CloudWatch Logs log). */
@Module({
  imports: [ProviderCatalogModule],
  providers: [DeliveryPollsRepository, PollDeliveryReportsUseCase, DeliveryReportPoller],
})
export class PollingModule {}
