/** Stable error codes the auth service answers RPCs with; the gateway maps each to an HTTP problem. */
export const AuthErrorCode = {
  EmailTaken: 'email_taken',
  InvalidCredentials: 'invalid_credentials',
  WeakPassword: 'weak_password',
  TooManyAttempts: 'too_many_attempts',
  InvalidRefreshToken: 'invalid_refresh_token',
  RefreshTokenReused: 'refresh_token_reused',
  NotFound: 'not_found',
  Forbidden: 'forbidden',
  OrganizationSuspended: 'organization_suspended',
  AlreadyMember: 'already_member',
  LastOwner: 'last_owner',
  InvalidApiKey: 'invalid_api_key',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];
