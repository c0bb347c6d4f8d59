import { MembershipWithOrganization } from '../identity/identity.repository';

/**
 * The organization a session acts for: the requested one if the user belongs to it, else the
 * oldest active membership, else the oldest (so a suspended organization is reported as such).
 */
export function chooseMembership(
  memberships: readonly MembershipWithOrganization[],
  organizationId?: string | null,
): MembershipWithOrganization | undefined {
  const requested = organizationId ? memberships.find((entry) => entry.organization.id === organizationId) : undefined;
  return requested ?? memberships.find((entry) => entry.organization.status === 'active') ?? memberships[0];
}
