import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListAuditLog, ListAuditLogRequest } from '@zagel/contracts';
import { ListAuditLogUseCase } from './list-audit-log.use-case';

@Controller()
export class AuditLogController {
  constructor(private readonly list: ListAuditLogUseCase) {}

  @MessagePattern(ListAuditLog.type)
  listAuditLog(@Payload() request: ListAuditLogRequest) {
    return this.list.execute(request);
  }
}
