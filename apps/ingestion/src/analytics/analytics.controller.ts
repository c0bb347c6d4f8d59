import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsSummaryRequest, GetAnalyticsSummary } from '@zagel/contracts';
import { GetAnalyticsSummaryUseCase } from './get-analytics-summary.use-case';

@Controller()
export class AnalyticsController {
  constructor(private readonly summary: GetAnalyticsSummaryUseCase) {}

  @MessagePattern(GetAnalyticsSummary.type)
  getAnalyticsSummary(@Payload() request: AnalyticsSummaryRequest) {
    return this.summary.execute(request);
  }
}
