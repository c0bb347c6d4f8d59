import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { decode, JwtPayload, TokenExpiredError } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import { ExpiringCache } from '@zagel/concurrency';
import type { AccessTokenClaims } from '@zagel/contracts';
import {
  ACCESS_TOKEN,
  accessTokenClaims,
  CLOCK_TOLERANCE_SECONDS,
  Principal,
  SigningKeyCache,
  TOKEN_ALGORITHM,
  TOKEN_ISSUER,
  TokenVerificationError,
  userPrincipal,
} from '@zagel/identity';
import { ProblemException } from '../problem-details/problem';
import { AuthenticationProblem } from './authentication.errors';
import { bearerJwtOf, CredentialRequest } from './credentials';
import { RevokedMemberships } from './revoked-memberships';

export const JWT_STRATEGY = 'jwt';

const TOKEN_CACHE_MAX_MS = 60_000;

type KeyCallback = (error: unknown, key?: string | Buffer) => void;

/** The key auth published under the token's `kid` (the set is refetched, throttled, for a kid not seen yet). */
function provideSigningKey(keys: SigningKeyCache, token: string, done: KeyCallback): void {
  const kid = decode(token, { complete: true })?.header.kid;
  if (!kid) return done(new TokenVerificationError('invalid', 'no kid in the token header'));
  keys.keyFor(kid).then(
    // jsonwebtoken 9 takes a KeyObject (parsed once per key); passport-jwt's types still say string or Buffer.
    (key) => (key ? done(null, key as never) : done(new TokenVerificationError('invalid', `unknown signing key ${kid}`))),
    (error: unknown) => done(error),
  );
}

/** The problem for a token passport-jwt refused (the reason it failed with). */
export function refusedTokenProblem(reason: unknown): ProblemException {
  return reason instanceof TokenExpiredError
    ? AuthenticationProblem.tokenExpired()
    : AuthenticationProblem.unauthenticated('The access token is not valid.');
}

/**
 * Dashboard users' access tokens (`Authorization: Bearer <jwt>`): RS256 with the key auth published
 * under the token's `kid` (libs/identity's key ring, loaded over the bus), issuer `zagel`, audience
 * `zagel-api`, a few seconds of clock tolerance. A token verified before is trusted until it expires
 * (at most a minute), so a client reusing its token pays for one RS256 verification. A request
 * without a JWT is not this strategy's: it fails without a reason.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly verifiedTokens = new ExpiringCache<AccessTokenClaims>(10_000);

  constructor(
    keys: SigningKeyCache,
    private readonly revokedMemberships: RevokedMemberships,
  ) {
    super({
      jwtFromRequest: bearerJwtOf,
      secretOrKeyProvider: (_request: unknown, token: string, done: KeyCallback) => provideSigningKey(keys, token, done),
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: ACCESS_TOKEN.audience,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
      passReqToCallback: true,
    });
  }

  override authenticate(request: CredentialRequest, options?: unknown): void {
    const token = bearerJwtOf(request);
    if (!token) return this.fail(401);
    const known = this.verifiedTokens.get(token);
    if (!known) return super.authenticate(request as never, options);
    this.principalFor(known).then(
      (principal) => this.success(principal),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** passport-jwt's verify callback: the signature, issuer, audience and expiry are good. */
  async validate(request: CredentialRequest, payload: JwtPayload): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = accessTokenClaims(payload);
    } catch (error) {
      if (error instanceof TokenVerificationError) throw AuthenticationProblem.unauthenticated('The access token is not valid.');
      throw error;
    }
    const lifetimeMs = (claims.exp ?? 0) * 1_000 - Date.now();
    this.verifiedTokens.set(bearerJwtOf(request) as string, claims, Math.min(lifetimeMs, TOKEN_CACHE_MAX_MS));
    return this.principalFor(claims);
  }

  private async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    if (claims.org && (await this.revokedMemberships.revokedFor(claims.org, claims.sub, claims.iat))) {
      throw AuthenticationProblem.membershipRevoked();
    }
    return userPrincipal(claims);
  }
}
