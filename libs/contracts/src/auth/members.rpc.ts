import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsEmail, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { MemberView } from './auth-views';
import { ORGANIZATION_ROLES, OrganizationRole } from './identity';

/**
 * Adds a member: an existing user joins at once; an unknown email gets a pending invitation that
 * becomes a membership when that email registers.
 */
export class InviteMemberRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  invitedBy: string;

  @IsEmail()
  email: string;

  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}

export class InvitationReply {
  @IsIn(['member', 'invited'])
  outcome: 'member' | 'invited';

  @IsEmail()
  email: string;

  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;
}

export class ListMembersRequest {
  @IsUUID()
  organizationId: string;
}

export class MemberList {
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
