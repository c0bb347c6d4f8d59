import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, MembershipRevoked, RemovedMember, RemoveMemberRequest } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IdentityRepository } from '../identity/identity.repository';
import { MANAGER_ROLES, membershipWithRole } from '../identity/require-role';
import { MembersRepository } from './members.repository';
import { AuthError } from '../shared/auth-error';

/** Owners and admins remove members (anyone may leave); an admin cannot remove an owner; the last owner stays. */
@Injectable()
export class RemoveMemberUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly members: MembersRepository,
  ) {}

  async execute(request: RemoveMemberRequest): Promise<RemovedMember> {
    const { organizationId, userId, removedBy } = request;
    const leaving = userId === removedBy;
    const remover = leaving ? undefined : await membershipWithRole(this.identity, organizationId, removedBy, MANAGER_ROLES);
    if (!leaving && !remover) throw new AuthError(AuthErrorCode.Forbidden, 'only owners and admins can remove members');

    const failure = await this.dataSource.transaction(async (manager) => {
      const owners = await this.members.lockOwners(manager, organizationId);
      const target = await this.identity.membership(organizationId, userId, manager);
      if (!target) return new AuthError(AuthErrorCode.NotFound, 'no such member');
      if (target.role === 'owner' && remover && remover.role !== 'owner') {
        return new AuthError(AuthErrorCode.Forbidden, 'only an owner can remove an owner');
      }
      if (target.role === 'owner' && owners.length <= 1) {
        return new AuthError(AuthErrorCode.LastOwner, 'an organization keeps at least one owner');
      }
      await this.members.remove(manager, organizationId, userId);
      await this.identity.audit(manager, { actorId: removedBy, action: 'member.removed', organizationId, details: { userId } });
      await Outbox.add(manager, MembershipRevoked, { organizationId, userId, at: new Date().toISOString() }, { tenantId: organizationId });
      return undefined;
    });
    if (failure) throw failure;
    return { userId };
  }
}
