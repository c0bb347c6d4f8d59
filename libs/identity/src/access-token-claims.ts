import type { JwtPayload } from 'jsonwebtoken';
import { ACCOUNT_TYPES, AccessTokenClaims, AccountType, ORGANIZATION_ROLES, OrganizationRole } from '@zagel/contracts';
import { ACCESS_TOKEN_AUDIENCE } from './token-claims';
import { TokenVerificationError } from './token-verification.error';
import { checkZagelPayload } from './verify-jwt';

const isAccountType = (value: unknown): value is AccountType => ACCOUNT_TYPES.includes(value as AccountType);
const isRole = (value: unknown): value is OrganizationRole => ORGANIZATION_ROLES.includes(value as OrganizationRole);

/** What an access token must say besides a valid signature, issuer and audience. */
export const ACCESS_TOKEN = { audience: ACCESS_TOKEN_AUDIENCE, typ: 'access' } as const;

/**
 * The claims of an access token whose signature, issuer, audience and expiry were verified (by the
 * gateway's passport-jwt strategy): a subject, an expiry, `typ: access`, an account type, and a
 * well-formed organization and role when present. Throws TokenVerificationError('invalid') otherwise.
 */
export function accessTokenClaims(payload: JwtPayload): AccessTokenClaims {
  checkZagelPayload(payload, ACCESS_TOKEN);
  const { sub, org, role, acct, padm, fam, iat, exp } = payload as Record<string, unknown>;
  if (!isAccountType(acct)) throw new TokenVerificationError('invalid', 'the token has no account type');
  if (org !== undefined && typeof org !== 'string') throw new TokenVerificationError('invalid', 'bad org claim');
  if (role !== undefined && !isRole(role)) throw new TokenVerificationError('invalid', 'bad role claim');
  return {
    sub: sub as string,
    org,
    role,
    acct,
    padm: padm === true,
    fam: typeof fam === 'string' ? fam : undefined,
    iat: typeof iat === 'number' ? iat : undefined,
    exp: typeof exp === 'number' ? exp : undefined,
    typ: 'access',
  };
}
