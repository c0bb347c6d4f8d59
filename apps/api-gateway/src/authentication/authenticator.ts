import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from '@zagel/contracts';
import { AccessTokenVerifier, apiKeyPrincipal, Principal, TokenVerificationError, userPrincipal } from '@zagel/identity';
import { ProblemException } from '../problem-details/problem';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticationProblem } from './authentication.errors';
import { parseCredential } from './credentials';
import { ExpiringCache } from './expiring-cache';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';

/** What a request's credential proved: a principal, nothing (no credential) or a problem to answer with. */
export type AuthenticationOutcome = { principal: Principal } | { principal?: undefined; problem?: ProblemException };

type Headers = Record<string, string | string[] | undefined>;

const TOKEN_CACHE_MAX_MS = 60_000;

/**
 * Turns a request's credential into a principal: JWTs verified locally, API keys through the
 * shared cache (auth on a miss); suspended organizations refused. Memoized per request, so the
 * rate limiter and the guard share one lookup. A verified token's claims are kept until it expires
 * (at most a minute), so a client reusing its token pays for one RS256 verification.
 */
@Injectable()
export class Authenticator {
  private readonly outcomes = new WeakMap<object, Promise<AuthenticationOutcome>>();
  private readonly verifiedTokens = new ExpiringCache<AccessTokenClaims>(10_000);

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly apiKeys: ApiKeyCache,
    private readonly suspended: SuspendedOrganizations,
    private readonly revokedMemberships: RevokedMemberships,
  ) {}

  authenticate(request: { headers: Headers }): Promise<AuthenticationOutcome> {
    let outcome = this.outcomes.get(request);
    if (!outcome) {
      outcome = this.run(request.headers).catch((error: unknown) => {
        if (error instanceof ProblemException) return { problem: error };
        throw error;
      });
      this.outcomes.set(request, outcome);
    }
    return outcome;
  }

  private async run(headers: Headers): Promise<AuthenticationOutcome> {
    const credential = parseCredential(headers);
    if (credential.kind === 'none') return {};
    if (credential.kind === 'malformed') throw AuthenticationProblem.unauthenticated(`Bad credential: ${credential.reason}.`);
    const principal = credential.kind === 'jwt' ? await this.fromToken(credential.token) : await this.fromApiKey(credential.key);
    if (principal.organizationId && !principal.platformAdmin && (await this.suspended.isSuspended(principal.organizationId))) {
      throw AuthenticationProblem.organizationSuspended();
    }
    return { principal };
  }

  private async fromToken(token: string): Promise<Principal> {
    const claims = await this.verifiedClaims(token);
    if (claims.org && (await this.revokedMemberships.revokedFor(claims.org, claims.sub, claims.iat))) {
      throw AuthenticationProblem.membershipRevoked();
    }
    return userPrincipal(claims);
  }

  private async verifiedClaims(token: string): Promise<AccessTokenClaims> {
    const known = this.verifiedTokens.get(token);
    if (known && (known.exp === undefined || known.exp * 1_000 > Date.now())) return known;
    let claims: AccessTokenClaims;
    try {
      claims = await this.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof TokenVerificationError)) throw error;
      throw error.reason === 'expired' ? AuthenticationProblem.tokenExpired() : AuthenticationProblem.unauthenticated('The access token is not valid.');
    }
    const lifetimeMs = claims.exp === undefined ? 0 : claims.exp * 1_000 - Date.now();
    this.verifiedTokens.set(token, claims, Math.min(lifetimeMs, TOKEN_CACHE_MAX_MS));
    return claims;
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const resolved = await this.apiKeys.resolve(key);
    if (!resolved) throw AuthenticationProblem.invalidApiKey();
    if (resolved.organizationStatus === 'suspended') throw AuthenticationProblem.organizationSuspended();
    return apiKeyPrincipal(resolved);
  }
}
