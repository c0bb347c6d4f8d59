import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyRevoked, AuthErrorCode, RevokeApiKeyRequest, RevokedApiKey } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IdentityRepository } from '../identity/identity.repository';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthError } from '../shared/auth-error';

/** Revokes one of the organization's keys, audits it and announces it (gateways drop it from their caches). */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
    private readonly identity: IdentityRepository,
  ) {}

  async execute(request: RevokeApiKeyRequest): Promise<RevokedApiKey> {
    const { organizationId, apiKeyId } = request;
    const revokedAt = await this.dataSource.transaction(async (manager) => {
      const at = await this.apiKeys.revoke(manager, organizationId, apiKeyId);
      if (at) {
        await this.identity.audit(manager, { actorId: request.revokedBy ?? null, action: 'api_key.revoked', organizationId, details: { apiKeyId } });
        await Outbox.add(manager, ApiKeyRevoked, { apiKeyId, organizationId, at: at.toISOString() }, { tenantId: organizationId });
      }
      return at;
    });
    if (!revokedAt) throw new AuthError(AuthErrorCode.NotFound, 'the organization has no such API key');
    return { id: apiKeyId };
  }
}
