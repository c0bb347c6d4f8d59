import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Principal } from '@zagel/identity';
import { requestContextOf } from '@zagel/observability';
import { ProblemException } from '../problem-details/problem';
import { accessPolicyOf, authorize } from './access-policy';
import { API_KEY_STRATEGY, ApiKeyStrategy } from './api-key.strategy';
import { AuthenticationProblem } from './authentication.errors';
import { CredentialRequest, parseCredential } from './credentials';
import { JWT_STRATEGY, refusedTokenProblem } from './jwt.strategy';
import { principalOf, setPrincipal } from './request-principal';
import { SuspendedOrganizations } from './suspended-organizations';
import { BASIC_AUTH_ROUTE, TwilioBasicStrategy } from './twilio-basic.strategy';

/** What a request's credential proved: a principal, or the problem to answer with. */
export type AuthenticationOutcome = { principal: Principal; problem?: undefined } | { principal?: undefined; problem: ProblemException };

const OUTCOME = Symbol('zagel.authentication');

type AuthenticatingRequest = CredentialRequest & { [OUTCOME]?: Promise<AuthenticationOutcome> };

/**
 * Why no strategy took the request. Only the JWT strategy fails with a reason (passport-jwt's
 * verification error); the API-key strategy answers a bad key with its problem at once. Without
 * a reason, the request carried no credential or a malformed one.
 */
function refusal(reasons: unknown, request: CredentialRequest): ProblemException {
  const reason = [reasons].flat().find((candidate) => candidate !== undefined);
  if (reason !== undefined) return refusedTokenProblem(reason);
  const credential = parseCredential(request.headers);
  return credential.kind === 'malformed'
    ? AuthenticationProblem.unauthenticated(`Bad credential: ${credential.reason}.`)
    : AuthenticationProblem.unauthenticated();
}

/**
 * Every route needs a credential unless marked `@Public()` (or operational: health, metrics): an
 * API key or a user's JWT, tried by the passport strategies in that order (apps' keys are the
 * busiest path). A suspended organization is refused whichever credential it comes with. The
 * outcome is kept on the request, so the rate limiter (which runs first, to count per key and
 * organization) and this guard share one lookup. The tenant is the credential's organization,
 * never anything in the body.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard([API_KEY_STRATEGY, JWT_STRATEGY]) {
  constructor(
    private readonly reflector: Reflector,
    private readonly suspended: SuspendedOrganizations,
    private readonly apiKeys: ApiKeyStrategy,
    private readonly twilioBasic: TwilioBasicStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = accessPolicyOf(this.reflector, context);
    if (policy.open) return true;
    const { principal, problem } = await this.authenticate(context);
    if (!principal) throw problem;
    if (principal.organizationId) requestContextOf(context.switchToHttp().getRequest<FastifyRequest>().raw).tenantId = principal.organizationId;
    authorize(principal, policy);
    return true;
  }

  /** The request's principal or problem, established once per request. */
  authenticate(context: ExecutionContext): Promise<AuthenticationOutcome> {
    const request = context.switchToHttp().getRequest<AuthenticatingRequest>();
    request[OUTCOME] ??= this.establish(context, request);
    return request[OUTCOME];
  }

  override handleRequest<P = Principal>(error: unknown, principal: P | false, reasons: unknown, context: ExecutionContext): P {
    if (error) throw error;
    if (!principal) throw refusal(reasons, context.switchToHttp().getRequest<CredentialRequest>());
    return principal;
  }

  /** HTTP Basic only where a route takes it (the Twilio-compatible API); the same key as a bearer token everywhere else. */
  private basicPrincipal(context: ExecutionContext, request: CredentialRequest): Promise<Principal | null> {
    const accepted = this.reflector.getAllAndOverride<boolean | undefined>(BASIC_AUTH_ROUTE, [context.getHandler(), context.getClass()]);
    if (!accepted) throw AuthenticationProblem.unauthenticated('Bad credential: use the Bearer scheme.');
    return this.twilioBasic.validate(request);
  }

  private async establish(context: ExecutionContext, request: CredentialRequest): Promise<AuthenticationOutcome> {
    try {
      // The busiest credential skips passport (a context, a strategy copy and callbacks per request):
      // the API-key strategy answers the same, called directly.
      const kind = parseCredential(request.headers).kind;
      if (kind === 'api_key') setPrincipal(request, await this.apiKeys.validate(request));
      else if (kind === 'basic') setPrincipal(request, await this.basicPrincipal(context, request));
      else await super.canActivate(context);
      const principal = principalOf(request) as Principal;
      if (principal.organizationId && !principal.platformAdmin && (await this.suspended.isSuspended(principal.organizationId))) {
        throw AuthenticationProblem.organizationSuspended();
      }
      return { principal };
    } catch (error) {
      if (error instanceof ProblemException) return { problem: error };
      throw error;
    }
  }
}
