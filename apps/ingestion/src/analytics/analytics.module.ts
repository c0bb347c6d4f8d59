import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { GetAnalyticsSummaryUseCase } from './get-analytics-summary.use-case';

/** Delivery and conversion figures over the organization's messages. */
@Module({ controllers: [AnalyticsController], providers: [GetAnalyticsSummaryUseCase] })
export class AnalyticsModule {}
