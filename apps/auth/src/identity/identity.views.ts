import { MemberView, OrganizationView, UserView } from '@zagel/contracts';
import { MembershipEntity } from './membership.entity';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    accountType: user.accountType,
    platformAdmin: user.platformAdmin,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toOrganizationView(organization: OrganizationEntity): OrganizationView {
  return {
    id: organization.id,
    name: organization.name,
    status: organization.status,
    createdAt: organization.createdAt.toISOString(),
  };
}

export function toMemberView(membership: MembershipEntity, user: UserEntity): MemberView {
  return { user: toUserView(user), role: membership.role, joinedAt: membership.createdAt.toISOString() };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
