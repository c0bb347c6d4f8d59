import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, InvitationReply, InviteMemberRequest } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { normalizeEmail } from '../identity/identity.views';
import { MANAGER_ROLES, membershipWithRole } from '../identity/require-role';
import { MembersRepository } from './members.repository';
import { AuthError } from '../shared/auth-error';

export const INVITATION_TTL_MS = 7 * 86_400_000;

/** Owners and admins add people; only an owner makes another owner. Unknown emails get an invitation. */
@Injectable()
export class InviteMemberUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly members: MembersRepository,
  ) {}

  async execute(request: InviteMemberRequest): Promise<InvitationReply> {
    const { organizationId, invitedBy, role } = request;
    const email = normalizeEmail(request.email);
    const inviter = await membershipWithRole(this.identity, organizationId, invitedBy, MANAGER_ROLES);
    if (!inviter) throw new AuthError(AuthErrorCode.Forbidden, 'only owners and admins can invite members');
    if (role === 'owner' && inviter.role !== 'owner') throw new AuthError(AuthErrorCode.Forbidden, 'only an owner can grant the owner role');

    const user = await this.identity.userByEmail(email);
    if (!user) {
      const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
      await this.dataSource.transaction(async (manager) => {
        await this.members.upsertInvitation({ organizationId, email, role, invitedBy, expiresAt }, manager);
        await this.identity.audit(manager, { actorId: invitedBy, action: 'member.invited', organizationId, details: { email, role } });
      });
      return { outcome: 'invited', email, role, expiresAt: expiresAt.toISOString() };
    }
    const added = await this.dataSource.transaction(async (manager) => {
      const joined = await this.identity.addMembership(manager, organizationId, user.id, role);
      if (joined) {
        await this.identity.audit(manager, { actorId: invitedBy, action: 'member.added', organizationId, details: { userId: user.id, role } });
      }
      return joined;
    });
    if (!added) throw new AuthError(AuthErrorCode.AlreadyMember, 'this user is already a member', { userId: user.id });
    return { outcome: 'member', email, role };
  }
}
