import { Module } from '@nestjs/common';
import { IdentityModule } from '@zagel/identity';
import { BusClientsModule } from '@zagel/messaging';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticationController } from './authentication.controller';
import { AuthenticationGuard } from './authentication.guard';
import { Authenticator } from './authenticator';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';

/** Credentials → principal; the guard is installed globally by the edge module, after the rate limiter. */
@Module({
  imports: [IdentityModule, BusClientsModule.register('auth')],
  controllers: [AuthenticationController],
  providers: [ApiKeyCache, SuspendedOrganizations, RevokedMemberships, Authenticator, AuthenticationGuard],
  exports: [Authenticator, AuthenticationGuard, IdentityModule],
})
export class AuthenticationModule {}
