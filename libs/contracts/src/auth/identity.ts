/** The longest email address accepted (RFC 5321's limit on a path). */
export const EMAIL_MAX_LENGTH = 320;

export const ORGANIZATION_ROLES = ['owner', 'admin', 'member'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export const ACCOUNT_TYPES = ['customer', 'device_owner'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const ORGANIZATION_STATUSES = ['active', 'suspended'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** What an API key may do. */
export const API_KEY_SCOPES = ['verify', 'messages:send', 'messages:read', 'campaigns', 'billing:read', 'templates'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Claims of a Zagel access token (a short-lived JWT signed by auth, verified locally by every app). */
export interface AccessTokenClaims {
  sub: string;
  /** The organization the token acts for (absent for phone owners). */
  org?: string;
  role?: OrganizationRole;
  acct: AccountType;
  /** Platform operator. */
  padm?: boolean;
  /** Refresh-token family, so logout can be told apart from rotation. */
  fam?: string;
  /** Issued at (seconds since the epoch), set by the signer. */
  iat?: number;
  /** Expires at (seconds since the epoch), set by the signer. */
  exp?: number;
  typ: 'access';
}

/** Claims of a device token (a long-lived JWT naming one phone; revocable). */
export interface DeviceTokenClaims {
  sub: string;
  owner: string;
  typ: 'device';
  /** Issued at (seconds since the epoch), set by the signer; a revocation refuses tokens issued before it. */
  iat?: number;
}
