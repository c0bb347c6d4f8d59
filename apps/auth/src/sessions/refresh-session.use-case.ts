import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, RefreshRequest, SessionReply } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { sha256Hex } from '../shared/secrets';
import { chooseMembership } from './choose-membership';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionIssuer } from './session-issuer';
import { AuthError } from '../shared/auth-error';

type Outcome = { session: SessionReply } | { failure: AuthError };

/**
 * Rotates a refresh token: the presented one is marked used and the next of its family issued.
 * A token presented twice means it leaked: the whole family is revoked (committed before answering).
 */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute(request: RefreshRequest): Promise<SessionReply> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const token = await this.refreshTokens.findByHashForUpdate(manager, sha256Hex(request.refreshToken));
      if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) {
        return { failure: new AuthError(AuthErrorCode.InvalidRefreshToken, 'the refresh token is not valid') };
      }
      if (token.usedAt) {
        await this.refreshTokens.revokeFamily(manager, token.familyId);
        return { failure: new AuthError(AuthErrorCode.RefreshTokenReused, 'the refresh token was already used; the session is revoked') };
      }
      const user = await this.identity.userById(token.userId, manager);
      if (!user) return { failure: new AuthError(AuthErrorCode.InvalidRefreshToken, 'the refresh token is not valid') };
      await this.refreshTokens.markUsed(manager, token.id);
      const memberships = await this.identity.membershipsOf(user.id, manager);
      const chosen = chooseMembership(memberships, request.organizationId ?? token.organizationId);
      return { session: await this.sessions.issue(manager, user, chosen, token.familyId) };
    });
    if ('failure' in outcome) throw outcome.failure;
    return outcome.session;
  }
}
