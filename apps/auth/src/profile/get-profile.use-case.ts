import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthErrorCode, GetProfileRequest, ProfileReply } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { toOrganizationView, toUserView } from '../identity/identity.views';
import { AuthError } from '../shared/auth-error';

@Injectable()
export class GetProfileUseCase {
  constructor(private readonly identity: IdentityRepository) {}

  async execute(request: GetProfileRequest, manager?: EntityManager): Promise<ProfileReply> {
    const user = await this.identity.userById(request.userId, manager);
    if (!user) throw new AuthError(AuthErrorCode.NotFound, 'no such user');
    const memberships = await this.identity.membershipsOf(user.id, manager);
    return {
      user: toUserView(user),
      memberships: memberships.map(({ membership, organization }) => ({ organization: toOrganizationView(organization), role: membership.role })),
    };
  }
}
