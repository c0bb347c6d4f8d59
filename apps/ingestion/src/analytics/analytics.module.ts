import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { GetAnalyticsSummaryUseCase } from './get-analytics-summary.use-case';
import { GetPlatformMessageRateUseCase } from './get-platform-message-rate.use-case';
import { MessageRateMeter } from './message-rate-meter';

/** Delivery and conversion figures over the organization's messages; the platform's message rate. */
@Module({
  controllers: [AnalyticsController],
  providers: [GetAnalyticsSummaryUseCase, GetPlatformMessageRateUseCase, MessageRateMeter],
  exports: [MessageRateMeter],
})
export class AnalyticsModule {}
