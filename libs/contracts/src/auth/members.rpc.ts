import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsEmail, IsIn, IsOptional, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { MemberView } from './auth-views';
import { EMAIL_MAX_LENGTH, ORGANIZATION_ROLES, OrganizationRole } from './identity';

/**
 * Adds a member: an existing user joins at once; an unknown email gets a pending invitation that
 * becomes a membership when that email registers.
 */
export class InviteMemberRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  invitedBy: string;

  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'omar@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'member' })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}

export class InvitationReply {
  @ApiProperty({ enum: ['member', 'invited'], example: 'invited', description: 'member: an existing user joined; invited: pending until they register.' })
  @IsIn(['member', 'invited'])
  outcome: 'member' | 'invited';

  @ApiProperty({ format: 'email', example: 'omar@example.com' })
  @IsEmail()
  email: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'member' })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-30T12:00:00.000Z', description: 'When a pending invitation lapses.' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;
}

export class ListMembersRequest {
  @IsUUID()
  organizationId: string;
}

export class MemberList {
  @ApiProperty({ type: () => [MemberView] })
  @IsArray()
  @Type(() => MemberView)
  @ValidateNested({ each: true })
  items: MemberView[];
}

export class RemoveMemberRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  userId: string;

  @IsUUID()
  removedBy: string;
}

export class RemovedMember {
  @IsUUID()
  userId: string;
}

export const InviteMember = defineRpc(RpcType.InviteMember, 1, InviteMemberRequest, InvitationReply);
export const ListMembers = defineRpc(RpcType.ListMembers, 1, ListMembersRequest, MemberList);
export const RemoveMember = defineRpc(RpcType.RemoveMember, 1, RemoveMemberRequest, RemovedMember);
