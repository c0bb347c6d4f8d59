import { Injectable } from '@nestjs/common';
import { ACCOUNT_TYPES, AccessTokenClaims, AccountType, ORGANIZATION_ROLES, OrganizationRole } from '@zagel/contracts';
import { SigningKeyCache } from './signing-key-cache';
import { ACCESS_TOKEN_AUDIENCE } from './token-claims';
import { TokenVerificationError } from './token-verification.error';
import { verifyZagelJwt } from './verify-jwt';

const isAccountType = (value: unknown): value is AccountType => ACCOUNT_TYPES.includes(value as AccountType);
const isRole = (value: unknown): value is OrganizationRole => ORGANIZATION_ROLES.includes(value as OrganizationRole);

/** Verifies dashboard users' access tokens locally, with the keys auth publishes. */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly keys: SigningKeyCache) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    const payload = await verifyZagelJwt(token, this.keys, { audience: ACCESS_TOKEN_AUDIENCE, typ: 'access' });
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
}
