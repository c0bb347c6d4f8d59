import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuthErrorCode, SessionReply } from '@zagel/contracts';
import { AuthConfig } from '../config';
import { MembershipWithOrganization } from '../identity/identity.repository';
import { toOrganizationView, toUserView } from '../identity/identity.views';
import { UserEntity } from '../identity/user.entity';
import { randomSecret, sha256Hex } from '../shared/secrets';
import { TokenIssuer } from '../signing-keys/token-issuer';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { AuthError } from '../shared/auth-error';

export const REFRESH_TOKEN_PREFIX = 'zr_';

/** Issues an access token and a refresh token (a new family, or the next one of a family). */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenIssuer,
    private readonly settings: AuthConfig,
  ) {}

  async issue(
    manager: EntityManager,
    user: UserEntity,
    chosen: MembershipWithOrganization | undefined,
    familyId: string = uuidv7(),
  ): Promise<SessionReply> {
    if (chosen?.organization.status === 'suspended') {
      throw new AuthError(AuthErrorCode.OrganizationSuspended, 'the organization is suspended', {
        organizationId: chosen.organization.id,
      });
    }
    const refreshToken = randomSecret(REFRESH_TOKEN_PREFIX);
    await this.refreshTokens.insert(manager, {
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      organizationId: chosen?.organization.id ?? null,
      expiresAt: new Date(Date.now() + this.settings.AUTH_REFRESH_TOKEN_TTL_SECONDS * 1_000),
    });
    const access = await this.tokens.accessToken({
      sub: user.id,
      ...(chosen ? { org: chosen.organization.id, role: chosen.membership.role } : {}),
      acct: user.accountType,
      ...(user.platformAdmin ? { padm: true } : {}),
      fam: familyId,
      typ: 'access',
    });
    return {
      user: toUserView(user),
      ...(chosen ? { organization: toOrganizationView(chosen.organization) } : {}),
      tokens: { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' },
    };
  }
}
