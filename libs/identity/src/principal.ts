import { AccessTokenClaims, AccountType, ApiKeyScope, OrganizationRole } from '@zagel/contracts';

/** Who is calling, as established from the credential (never from the request body). */
export interface Principal {
  kind: 'user' | 'api_key';
  userId?: string;
  organizationId?: string;
  role?: OrganizationRole;
  accountType?: AccountType;
  platformAdmin: boolean;
  apiKeyId?: string;
  /** An API key's scopes; empty for users (their organization role decides instead). */
  scopes: ApiKeyScope[];
}

export function userPrincipal(claims: AccessTokenClaims): Principal {
  return {
    kind: 'user',
    userId: claims.sub,
    organizationId: claims.org,
    role: claims.role,
    accountType: claims.acct,
    platformAdmin: claims.padm === true,
    scopes: [],
  };
}

export function apiKeyPrincipal(key: { apiKeyId: string; organizationId: string; scopes: ApiKeyScope[] }): Principal {
  return {
    kind: 'api_key',
    apiKeyId: key.apiKeyId,
    organizationId: key.organizationId,
    platformAdmin: false,
    scopes: [...key.scopes],
  };
}
