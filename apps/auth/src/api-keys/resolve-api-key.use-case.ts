import { Injectable } from '@nestjs/common';
import { AuthErrorCode, ResolveApiKeyRequest, ResolvedApiKey } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { sha256Hex } from '../shared/secrets';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthError } from '../shared/auth-error';
import { API_KEY_PREFIX } from './create-api-key.use-case';

const LAST_USED_PRECISION_MS = 60_000;

/** The gateway's cache miss: which organization a key belongs to, with what scopes. */
@Injectable()
export class ResolveApiKeyUseCase {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async execute(request: ResolveApiKeyRequest): Promise<ResolvedApiKey> {
    const key = request.key.startsWith(API_KEY_PREFIX) ? await this.apiKeys.findByHash(sha256Hex(request.key)) : null;
    const organization = key && !key.revokedAt ? await this.identity.organization(key.organizationId) : null;
    if (!key || !organization) throw new AuthError(AuthErrorCode.InvalidApiKey, 'the API key is not valid');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await this.apiKeys.touch(key.id, key.organizationId);
    }
    return {
      apiKeyId: key.id,
      organizationId: key.organizationId,
      organizationStatus: organization.status,
      scopes: key.scopes,
      prefix: key.prefix,
    };
  }
}
