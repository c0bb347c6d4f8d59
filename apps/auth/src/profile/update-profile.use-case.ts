import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, ProfileReply, UpdateProfileRequest } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { UserEntity } from '../identity/user.entity';
import { PasswordHasher } from '../sessions/password-hasher';
import { passwordProblems } from '../sessions/password-policy';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { GetProfileUseCase } from './get-profile.use-case';
import { AuthError } from '../shared/auth-error';

/** Renames the user and/or changes the password (which needs the current one and ends every session). */
@Injectable()
export class UpdateProfileUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly profile: GetProfileUseCase,
  ) {}

  async execute(request: UpdateProfileRequest): Promise<ProfileReply> {
    const user = await this.identity.userById(request.userId);
    if (!user) throw new AuthError(AuthErrorCode.NotFound, 'no such user');
    const name = request.name?.trim() || user.name;
    const passwordHash = request.newPassword === undefined ? undefined : await this.newPasswordHash(user, name, request);

    return this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { name, ...(passwordHash ? { passwordHash } : {}) });
      if (passwordHash) {
        await this.refreshTokens.revokeAllOfUser(manager, user.id);
        await this.identity.audit(manager, { actorId: user.id, action: 'user.password_changed', organizationId: null });
      }
      return this.profile.execute({ userId: user.id }, manager);
    });
  }

  private async newPasswordHash(user: UserEntity, name: string, request: UpdateProfileRequest): Promise<string> {
    const current = request.currentPassword ?? '';
    if (!(await this.hasher.verify(user.passwordHash, current))) {
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'the current password is wrong');
    }
    const reasons = passwordProblems(request.newPassword!, { email: user.email, name });
    if (reasons.length > 0) throw new AuthError(AuthErrorCode.WeakPassword, 'the password is too weak', { reasons });
    return this.hasher.hash(request.newPassword!);
  }
}
