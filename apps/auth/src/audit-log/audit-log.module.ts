import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { ListAuditLogUseCase } from './list-audit-log.use-case';

/** Reading the audit log (every auth feature writes to it through IdentityRepository.audit). */
@Module({
  imports: [IdentityModule],
  controllers: [AuditLogController],
  providers: [AuditLogRepository, ListAuditLogUseCase],
})
export class AuditLogModule {}
