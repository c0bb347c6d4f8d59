import { Module } from '@nestjs/common';
import { IdentityModule } from '@zagel/identity';
import { BusClientsModule } from '@zagel/messaging';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthenticationController } from './authentication.controller';
import { AuthenticationGuard } from './authentication.guard';
import { JwtStrategy } from './jwt.strategy';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';
import { TwilioBasicStrategy } from './twilio-basic.strategy';

/**
 * Credentials → principal: the passport strategies (API key, Twilio-style Basic, JWT) and the guard composed from them,
 * installed globally by the edge module, after the rate limiter.
 */
@Module({
  imports: [IdentityModule, BusClientsModule.register('auth')],
  controllers: [AuthenticationController],
  providers: [ApiKeyCache, SuspendedOrganizations, RevokedMemberships, ApiKeyStrategy, TwilioBasicStrategy, JwtStrategy, AuthenticationGuard],
  exports: [AuthenticationGuard, IdentityModule, ApiKeyCache],
})
export class AuthenticationModule {}
