import { Injectable, SetMetadata } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { TwilioSidPrefix, uuidOfTwilioSid } from '@zagel/contracts';
import { apiKeyPrincipal, Principal } from '@zagel/identity';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticationProblem } from './authentication.errors';
import { CredentialRequest, parseCredential } from './credentials';

export const TWILIO_BASIC_STRATEGY = 'twilio-basic';

export const BASIC_AUTH_ROUTE = 'zagel:basic-auth';

/** The route takes HTTP Basic as Twilio's API does (the Twilio-compatible facade); elsewhere Basic is refused. */
export const AcceptsBasicAuth = () => SetMetadata(BASIC_AUTH_ROUTE, true);

/**
 * HTTP Basic as Twilio's clients send it: the username is an API key's SID (`SK` + the key id's 32 hex
 * digits) or the organization's Account SID (`AC` + its id's hex), the password the API key itself,
 * resolved through the shared ApiKeyCache like a bearer key. The SID must name that key or its
 * organization: a key presented under another SID is refused like an unknown one.
 */
@Injectable()
export class TwilioBasicStrategy extends PassportStrategy(Strategy, TWILIO_BASIC_STRATEGY) {
  constructor(private readonly apiKeys: ApiKeyCache) {
    super();
  }

  async validate(request: CredentialRequest): Promise<Principal | null> {
    const credential = parseCredential(request.headers);
    if (credential.kind !== 'basic') return null;
    const { username, password } = credential;
    const keyId = uuidOfTwilioSid(TwilioSidPrefix.ApiKey, username);
    const organizationId = uuidOfTwilioSid(TwilioSidPrefix.Account, username);
    if (!keyId && !organizationId) throw AuthenticationProblem.invalidApiKey();
    const resolved = await this.apiKeys.resolve(password);
    if (!resolved || (keyId ? resolved.apiKeyId !== keyId : resolved.organizationId !== organizationId)) {
      throw AuthenticationProblem.invalidApiKey();
    }
    if (resolved.organizationStatus === 'suspended') throw AuthenticationProblem.organizationSuspended();
    return apiKeyPrincipal(resolved);
  }
}
