import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ReceiveProviderReportUseCase } from './receive-provider-report.use-case';
import { ReportsController } from './reports.controller';

/** Delivery reports posted to the gateway's webhook, verified and read by the provider's adapter. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [ReportsController],
  providers: [ReceiveProviderReportUseCase],
})
export class ReportsModule {}
