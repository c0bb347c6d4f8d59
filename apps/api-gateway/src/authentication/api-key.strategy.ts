import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { apiKeyPrincipal, Principal } from '@zagel/identity';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticationProblem } from './authentication.errors';
import { CredentialRequest, parseCredential } from './credentials';

export const API_KEY_STRATEGY = 'api-key';

/**
 * Apps' API keys, as `Authorization: Bearer zk_live_...` or `X-API-Key`, resolved through the
 * shared ApiKeyCache (auth on a miss). A request without an API key is not this strategy's: it
 * fails without a reason and the JWT strategy is tried. An unknown, revoked or suspended key is
 * answered with its problem at once.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly apiKeys: ApiKeyCache) {
    super();
  }

  async validate(request: CredentialRequest): Promise<Principal | null> {
    const credential = parseCredential(request.headers);
    if (credential.kind !== 'api_key') return null;
    const resolved = await this.apiKeys.resolve(credential.key);
    if (!resolved) throw AuthenticationProblem.invalidApiKey();
    if (resolved.organizationStatus === 'suspended') throw AuthenticationProblem.organizationSuspended();
    return apiKeyPrincipal(resolved);
  }
}
