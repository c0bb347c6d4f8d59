import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  organizationId: string | null;
  expiresAt: Date;
}

/** Refresh tokens are the user's own: every query names the token hash, the family or the user. */
@Injectable()
export class RefreshTokensRepository {
  async insert(manager: EntityManager, token: NewRefreshToken): Promise<void> {
    await manager.insert(RefreshTokenEntity, { id: uuidv7(), ...token });
  }

  /** Locks the row, so two concurrent refreshes with one token cannot both rotate it. */
  findByHashForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return manager
      .createQueryBuilder(RefreshTokenEntity, 'token')
      .setLock('pessimistic_write')
      .where('token.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { id }, { usedAt: new Date() });
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
