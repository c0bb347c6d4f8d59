import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { assignCorrelation } from '@zagel/observability';
import { accessPolicyOf, authorize } from './access-policy';
import { AuthenticationProblem } from './authentication.errors';
import { Authenticator } from './authenticator';
import { setPrincipal } from './request-principal';

/**
 * Every route needs a credential unless marked `@Public()` (or operational: health, metrics).
 * The tenant of the request is the credential's organization, never anything in the body.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = accessPolicyOf(this.reflector, context);
    if (policy.open) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const outcome = await this.authenticator.authenticate(request);
    if (!outcome.principal) throw outcome.problem ?? AuthenticationProblem.unauthenticated();
    setPrincipal(request, outcome.principal);
    if (outcome.principal.organizationId) assignCorrelation({ tenantId: outcome.principal.organizationId });
    authorize(outcome.principal, policy);
    return true;
  }
}
