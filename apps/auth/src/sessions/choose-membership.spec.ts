import { MembershipWithOrganization } from '../identity/identity.repository';
import { chooseMembership } from './choose-membership';

function entry(id: string, status: 'active' | 'suspended'): MembershipWithOrganization {
  return {
    membership: { organizationId: id, userId: 'u', role: 'member', createdAt: new Date() },
    organization: { id, name: id, status, createdAt: new Date(), suspendedAt: null, suspendedBy: null },
  };
}

describe('chooseMembership', () => {
  const memberships = [entry('a', 'suspended'), entry('b', 'active'), entry('c', 'active')];

  it('takes the requested organization when the user belongs to it', () => {
    expect(chooseMembership(memberships, 'c')?.organization.id).toBe('c');
  });

  it('falls back to the oldest active membership', () => {
    expect(chooseMembership(memberships, 'elsewhere')?.organization.id).toBe('b');
    expect(chooseMembership(memberships)?.organization.id).toBe('b');
  });

  it('returns the suspended one when nothing else is left, and nothing without memberships', () => {
    expect(chooseMembership([entry('a', 'suspended')])?.organization.id).toBe('a');
    expect(chooseMembership([])).toBeUndefined();
  });
});
