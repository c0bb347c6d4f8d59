import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsSummaryRequest, GetAnalyticsSummary, GetPlatformMessageRate, PlatformMessageRateRequest } from '@zagel/contracts';
import { GetAnalyticsSummaryUseCase } from './get-analytics-summary.use-case';
import { GetPlatformMessageRateUseCase } from './get-platform-message-rate.use-case';

@Controller()
export class AnalyticsController {
  constructor(
    private readonly summary: GetAnalyticsSummaryUseCase,
    private readonly messageRate: GetPlatformMessageRateUseCase,
  ) {}

  @MessagePattern(GetAnalyticsSummary.type)
  getAnalyticsSummary(@Payload() request: AnalyticsSummaryRequest) {
    return this.summary.execute(request);
  }

  @MessagePattern(GetPlatformMessageRate.type)
  getPlatformMessageRate(@Payload() request: PlatformMessageRateRequest) {
    return this.messageRate.execute(request);
  }
}
