import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLogPage, ListAuditLog } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, UsersOnly } from '../authentication/access-policy';
import { AuthenticationProblem } from '../authentication/authentication.errors';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { ListAuditLogQuery } from './dtos/audit-log.dtos';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@UsersOnly()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly auth: AuthRpc) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log, newest first: platform operators see every organization (or one, with organizationId); owners see their own organization.',
    description: 'Anyone else (admins, members, API keys, an owner asking for another organization) gets 403 `forbidden`.',
  })
  @ApiOkResponse({ type: AuditLogPage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAuditLogQuery,
  ): Promise<AuditLogPage> {
    return this.auth.call(correlation, ListAuditLog, { ...query, organizationId: this.organizationFor(principal, query.organizationId), viewerId: principal.userId! });
  }

  /** Operators read what they ask for; an owner reads their own organization and nothing else. */
  private organizationFor(principal: Principal, asked: string | undefined): string | undefined {
    if (principal.platformAdmin) return asked;
    if (principal.role !== 'owner' || !principal.organizationId) {
      throw AuthenticationProblem.forbidden("Only platform operators and the organization's owners can read the audit log.");
    }
    if (asked !== undefined && asked !== principal.organizationId) {
      throw AuthenticationProblem.forbidden("An owner reads only their own organization's audit log.");
    }
    return principal.organizationId;
  }
}
