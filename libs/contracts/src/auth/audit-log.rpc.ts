import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { PageInfo, PageRequest } from './auth-views';

/** Every action auth writes to its audit log. */
export const AUDIT_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'member.added',
  'member.invited',
  'member.removed',
  'organization.suspended',
  'organization.reactivated',
  'user.password_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export class AuditEntryView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789f0' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'api_key.revoked' })
  @IsIn(AUDIT_ACTIONS)
  action: AuditAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organization acted on; absent for actions on a user alone (a password change).' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted.' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { apiKeyId: '0190a6f2-7c3e-7abc-8def-0123456789ad' }, description: 'What the action touched (ids, roles, statuses; never a secret).' })
  @IsObject()
  details: Record<string, unknown>;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  at: string;
}

/**
 * The audit log, newest first. Platform operators read every organization's entries (or one's, with
 * `organizationId`); an organization's owners read only their own. `viewerId` is who asks: auth checks
 * that again, whatever the gateway saw.
 */
export class ListAuditLogRequest extends PageRequest {
  @IsUUID()
  viewerId: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Operators: only this organization's entries. Owners: their own organization (the only one allowed)." })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  /** The id of the previous page's last entry (ids are UUIDv7: time order). */
  @ApiPropertyOptional({ format: 'uuid', description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsUUID()
  override cursor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, example: 'member.removed' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did.' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'At or after.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Before.' })
  @IsOptional()
  @IsDateString()
  until?: string;
}

export class AuditLogPage extends PageInfo {
  @ApiProperty({ type: () => [AuditEntryView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AuditEntryView)
  items: AuditEntryView[];
}

export const ListAuditLog = defineRpc(RpcType.ListAuditLog, 1, ListAuditLogRequest, AuditLogPage);
