import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ReceiveProviderReport } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ReceiveProviderReportUseCase } from './receive-provider-report.use-case';

@Injectable()
export class ReportsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly receive: ReceiveProviderReportUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(ReceiveProviderReport, (request) => this.receive.execute(request));
  }
}

/** Delivery reports posted to the gateway's webhook, verified and read by the provider's adapter. */
@Module({
  imports: [ProviderCatalogModule],
  providers: [ReceiveProviderReportUseCase, ReportsRpcHandlers],
})
export class ReportsModule {}
