import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessPolicyOf } from '../authentication/access-policy';
import { AuthenticationGuard } from '../authentication/authentication.guard';
import { ApiGatewayConfig } from '../config';
import { decideRateLimit } from './rate-limit-decision';
import { RateLimitProblem } from './rate-limiting.errors';
import { BucketSpec, RateLimiter } from './rate-limiter';

const BUCKET_LABELS: Record<string, string> = { ip: 'client address', key: 'API key', org: 'organization' };

/**
 * Counts every API request per client IP, and per API key and organization once the credential
 * is known; answers with the tightest `RateLimit-*` headers, or 429 with `Retry-After`. Runs
 * before the authentication guard, sharing the outcome it keeps on the request. If Redis fails, requests pass.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger(RateLimitGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationGuard,
    private readonly limiter: RateLimiter,
    private readonly settings: ApiGatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = accessPolicyOf(this.reflector, context);
    if (policy.operational || policy.signedWebhook) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const buckets = await this.bucketsFor(context, request, policy.open);

    let states;
    try {
      states = await this.limiter.count(buckets);
    } catch (error) {
      this.logger.warn(`rate limits not counted: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
    const decision = decideRateLimit(states);
    void reply.header('RateLimit-Limit', String(decision.limit));
    void reply.header('RateLimit-Remaining', String(decision.remaining));
    void reply.header('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      throw RateLimitProblem.rateLimited(decision.retryAfterSeconds ?? decision.resetSeconds, BUCKET_LABELS[decision.exceeded ?? 'ip']);
    }
    return true;
  }

  private async bucketsFor(context: ExecutionContext, request: FastifyRequest, open: boolean): Promise<BucketSpec[]> {
    const buckets: BucketSpec[] = [{ name: 'ip', id: request.ip, limit: this.settings.RATE_LIMIT_PER_IP_PER_MINUTE }];
    if (open) return buckets;
    const { principal } = await this.authentication.authenticate(context);
    if (principal?.apiKeyId) buckets.push({ name: 'key', id: principal.apiKeyId, limit: this.settings.RATE_LIMIT_PER_KEY_PER_MINUTE });
    if (principal?.organizationId) {
      buckets.push({ name: 'org', id: principal.organizationId, limit: this.settings.RATE_LIMIT_PER_ORG_PER_MINUTE });
    }
    return buckets;
  }
}
