import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReceiveProviderReport, ReceiveProviderReportRequest } from '@zagel/contracts';
import { ReceiveProviderReportUseCase } from './receive-provider-report.use-case';

@Controller()
export class ReportsController {
  constructor(private readonly receive: ReceiveProviderReportUseCase) {}

  @MessagePattern(ReceiveProviderReport.type)
  receiveProviderReport(@Payload() request: ReceiveProviderReportRequest) {
    return this.receive.execute(request);
  }
}
