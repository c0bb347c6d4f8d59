import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Done, LogoutRequest } from '@zagel/contracts';
import { sha256Hex } from '../shared/secrets';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** Revokes the token's whole family; an unknown token changes nothing (logging out twice is fine). */
@Injectable()
export class LogoutUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {}

  async execute(request: LogoutRequest): Promise<Done> {
    await this.dataSource.transaction(async (manager) => {
      const token = await this.refreshTokens.findByHashForUpdate(manager, sha256Hex(request.refreshToken));
      if (token) await this.refreshTokens.revokeFamily(manager, token.familyId);
    });
    return {};
  }
}
