import { Module } from '@nestjs/common';
import { AnalyticsSummaryUseCase } from './analytics';
import { AnalyticsController } from './analytics.controller';

/** Delivery and conversion figures over the organization's messages. */
@Module({ controllers: [AnalyticsController], providers: [AnalyticsSummaryUseCase] })
export class AnalyticsModule {}
