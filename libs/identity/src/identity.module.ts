import { Module } from '@nestjs/common';
import { DeviceTokenVerifier } from './device-token-verifier';
import { SigningKeyCache } from './signing-key-cache';

/**
 * Local token verification for any app: auth's public keys (fetched over the kernel's Bus) and the
 * device-token verifier. Access tokens are verified with the same keys by the gateway's passport-jwt
 * strategy, which reads their claims with `accessTokenClaims`.
 */
@Module({
  providers: [SigningKeyCache, DeviceTokenVerifier],
  exports: [SigningKeyCache, DeviceTokenVerifier],
})
export class IdentityModule {}
