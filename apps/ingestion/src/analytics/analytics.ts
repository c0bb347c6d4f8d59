import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { GetAnalyticsSummary } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { GetAnalyticsSummaryUseCase } from './get-analytics-summary.use-case';

@Injectable()
export class AnalyticsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly summary: GetAnalyticsSummaryUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetAnalyticsSummary, (request) => this.summary.execute(request));
  }
}

/** Delivery and conversion figures over the organization's messages. */
@Module({ providers: [GetAnalyticsSummaryUseCase, AnalyticsRpcHandlers] })
export class AnalyticsModule {}
