import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from '../authentication/authentication.guard';
import { AuthenticationModule } from '../authentication/authentication.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ProblemDetailsModule } from '../problem-details/problem-details.module';
import { RateLimitGuard } from '../rate-limiting/rate-limit.guard';
import { RateLimitingModule } from '../rate-limiting/rate-limiting.module';

/**
 * What every public request goes through, in this order: rate limits (per IP, then per key and
 * organization), authentication and access policy, idempotency; errors as problem+json.
 * The guards are declared here, in one module, because global guards run in declaration order.
 */
@Module({
  imports: [ProblemDetailsModule, AuthenticationModule, RateLimitingModule, IdempotencyModule],
  providers: [
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AuthenticationGuard },
  ],
  exports: [AuthenticationModule],
})
export class PublicEdgeModule {}
