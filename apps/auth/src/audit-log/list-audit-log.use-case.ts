import { Injectable } from '@nestjs/common';
import { AuditAction, AuditEntryView, AuditLogPage, AuthErrorCode, ListAuditLogRequest } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { membershipWithRole } from '../identity/require-role';
import { AuthError } from '../shared/auth-error';
import { AuditLogRow, AuditLogRepository } from './audit-log.repository';

const DEFAULT_PAGE_SIZE = 50;

export function toAuditEntryView(row: AuditLogRow): AuditEntryView {
  return {
    id: row.id,
    action: row.action as AuditAction,
    ...(row.organization_id ? { organizationId: row.organization_id } : {}),
    ...(row.actor_id ? { actorId: row.actor_id } : {}),
    details: row.details,
    at: row.at.toISOString(),
  };
}

/**
 * The audit log for its viewer: a platform operator reads every entry (or one organization's); an
 * owner reads only their organization's, and must name it. Checked here again, whatever the gateway saw.
 */
@Injectable()
export class ListAuditLogUseCase {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly auditLog: AuditLogRepository,
  ) {}

  async execute(request: ListAuditLogRequest): Promise<AuditLogPage> {
    await this.authorize(request);
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.auditLog.page(
      {
        organizationId: request.organizationId,
        action: request.action,
        actorId: request.actorId,
        from: request.from,
        until: request.until,
        before: request.cursor,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEntryView),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
    };
  }

  private async authorize(request: ListAuditLogRequest): Promise<void> {
    const viewer = await this.identity.userById(request.viewerId);
    if (viewer?.platformAdmin) return;
    const owner = request.organizationId && (await membershipWithRole(this.identity, request.organizationId, request.viewerId, ['owner']));
    if (!owner) throw new AuthError(AuthErrorCode.Forbidden, "only platform operators and the organization's owners can read its audit log");
  }
}
