import { Module } from '@nestjs/common';
import { IdentityModule } from '@zagel/identity';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticationGuard } from './authentication.guard';
import { Authenticator } from './authenticator';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';

/** Credentials → principal; the guard is installed globally by the edge module, after the rate limiter. */
@Module({
  imports: [IdentityModule],
  providers: [ApiKeyCache, SuspendedOrganizations, RevokedMemberships, Authenticator, AuthenticationGuard],
  exports: [Authenticator, AuthenticationGuard, IdentityModule],
})
export class AuthenticationModule {}
