import { Module } from '@nestjs/common';
import { CircuitBreaker } from '../health/circuit-breaker';
import { ProviderStats } from '../health/provider-stats';
import { InboundParts } from '../inbound/inbound-parts';
import { AdapterInboundSink, PublishInboundSmsUseCase } from '../inbound/publish-inbound-sms.use-case';
import { ApplyDeliveryReportsUseCase } from '../reports/apply-delivery-reports.use-case';
import { ProviderRoutesRepository } from '../routes/provider-routes.repository';
import { DeliveriesRepository } from '../sending/deliveries.repository';
import { ProviderAccountViews } from './provider-account-view';
import { ProviderAccountsRepository } from './provider-accounts.repository';
import { AdapterReportSink, ProviderCatalog } from './provider-catalog';

/** What sending, reports, inbound SMS and administration share: accounts, routes, live adapters, circuits, figures, deliveries. */
@Module({
  providers: [
    ProviderAccountsRepository,
    ProviderRoutesRepository,
    DeliveriesRepository,
    ProviderCatalog,
    CircuitBreaker,
    ProviderStats,
    ProviderAccountViews,
    ApplyDeliveryReportsUseCase,
    { provide: AdapterReportSink, useExisting: ApplyDeliveryReportsUseCase },
    InboundParts,
    PublishInboundSmsUseCase,
    { provide: AdapterInboundSink, useExisting: PublishInboundSmsUseCase },
  ],
  exports: [
    ProviderAccountsRepository,
    ProviderRoutesRepository,
    DeliveriesRepository,
    ProviderCatalog,
    CircuitBreaker,
    ProviderStats,
    ProviderAccountViews,
    ApplyDeliveryReportsUseCase,
    PublishInboundSmsUseCase,
  ],
})
export class ProviderCatalogModule {}
