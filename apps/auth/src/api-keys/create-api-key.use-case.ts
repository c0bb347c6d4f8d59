import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuthErrorCode, CreateApiKeyRequest, CreatedApiKey } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { MANAGER_ROLES, membershipWithRole } from '../identity/require-role';
import { sha256Hex } from '../shared/secrets';
import { ApiKeysRepository, toApiKeyView } from './api-keys.repository';
import { AuthError } from '../shared/auth-error';

export const API_KEY_PREFIX = 'zk_live_';
export const API_KEY_PREFIX_LENGTH = 12;

export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Owners and admins create keys; the key is returned once and only its hash is kept. */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async execute(request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    if (!(await membershipWithRole(this.identity, request.organizationId, request.userId, MANAGER_ROLES))) {
      throw new AuthError(AuthErrorCode.Forbidden, 'only owners and admins of the organization can create API keys');
    }
    const organization = await this.identity.organization(request.organizationId);
    if (organization?.status !== 'active') {
      throw new AuthError(AuthErrorCode.OrganizationSuspended, 'the organization is suspended');
    }
    const key = newApiKey();
    const stored = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.apiKeys.insert(
        {
          id: uuidv7(),
          organizationId: request.organizationId,
          name: request.name.trim(),
          prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
          keyHash: sha256Hex(key),
          scopes: [...request.scopes],
          createdBy: request.userId,
        },
        manager,
      );
      await this.identity.audit(manager, {
        actorId: request.userId,
        action: 'api_key.created',
        organizationId: request.organizationId,
        details: { apiKeyId: inserted.id, name: inserted.name, prefix: inserted.prefix, scopes: inserted.scopes },
      });
      return inserted;
    });
    return { ...toApiKeyView(stored), key };
  }
}
