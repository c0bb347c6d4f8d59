import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, RegisterRequest, SessionReply } from '@zagel/contracts';
import { IdentityRepository, MembershipWithOrganization } from '../identity/identity.repository';
import { normalizeEmail } from '../identity/identity.views';
import { UserEntity } from '../identity/user.entity';
import { PasswordHasher } from './password-hasher';
import { passwordProblems } from './password-policy';
import { SessionIssuer } from './session-issuer';
import { AuthError } from '../shared/auth-error';

/**
 * A customer gets an organization of their own (owner), unless pending invitations exist and no
 * organization name was given: then they join the inviting organizations. Phone owners get none.
 */
@Injectable()
export class RegisterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute(request: RegisterRequest): Promise<SessionReply> {
    const email = normalizeEmail(request.email);
    const name = request.name.trim() || email.split('@')[0];
    const reasons = passwordProblems(request.password, { email, name });
    if (reasons.length > 0) throw new AuthError(AuthErrorCode.WeakPassword, 'the password is too weak', { reasons });
    const passwordHash = await this.hasher.hash(request.password);

    return this.dataSource.transaction(async (manager) => {
      const user = await this.identity.insertUser(manager, { email, name, passwordHash, accountType: request.accountType });
      if (!user) throw new AuthError(AuthErrorCode.EmailTaken, 'an account with this email exists');
      const chosen = request.accountType === 'customer' ? await this.joinOrganizations(manager, user, request.organizationName) : undefined;
      return this.sessions.issue(manager, user, chosen);
    });
  }

  private async joinOrganizations(
    manager: EntityManager,
    user: UserEntity,
    organizationName: string | undefined,
  ): Promise<MembershipWithOrganization> {
    const invitations = await this.identity.pendingInvitations(manager, user.email);
    for (const invitation of invitations) {
      await this.identity.addMembership(manager, invitation.organizationId, user.id, invitation.role);
      await this.identity.markInvitationAccepted(manager, invitation);
      await this.identity.audit(manager, {
        actorId: user.id,
        action: 'member.added',
        organizationId: invitation.organizationId,
        details: { userId: user.id, role: invitation.role, invitedBy: invitation.invitedBy },
      });
    }
    if (invitations.length > 0 && !organizationName?.trim()) {
      const memberships = await this.identity.membershipsOf(user.id, manager);
      return memberships.find((entry) => entry.organization.id === invitations[0].organizationId) ?? memberships[0];
    }
    const organization = await this.identity.insertOrganization(manager, organizationName?.trim() || `${user.name}'s organization`);
    await this.identity.addMembership(manager, organization.id, user.id, 'owner');
    const membership = await this.identity.membership(organization.id, user.id, manager);
    return { membership: membership!, organization };
  }
}
