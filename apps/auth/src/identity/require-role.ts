import { OrganizationRole } from '@zagel/contracts';
import { IdentityRepository } from './identity.repository';
import { MembershipEntity } from './membership.entity';

export const MANAGER_ROLES: readonly OrganizationRole[] = ['owner', 'admin'];

/** The user's membership of the organization if it has one of `roles`, else undefined. Checked again here, whatever the gateway saw. */
export async function membershipWithRole(
  identity: IdentityRepository,
  organizationId: string,
  userId: string,
  roles: readonly OrganizationRole[],
): Promise<MembershipEntity | undefined> {
  const membership = await identity.membership(organizationId, userId);
  return membership && roles.includes(membership.role) ? membership : undefined;
}
