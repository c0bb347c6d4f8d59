import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsSummaryRequest, GetAnalyticsSummary } from '@zagel/contracts';
import { AnalyticsSummaryUseCase } from './analytics';

@Controller()
export class AnalyticsController {
  constructor(private readonly summary: AnalyticsSummaryUseCase) {}

  @MessagePattern(GetAnalyticsSummary.type)
  getAnalyticsSummary(@Payload() request: AnalyticsSummaryRequest) {
    return this.summary.execute(request);
  }
}
