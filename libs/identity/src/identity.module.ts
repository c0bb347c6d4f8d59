import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token-verifier';
import { DeviceTokenVerifier } from './device-token-verifier';
import { SigningKeyCache } from './signing-key-cache';

/** Local token verification for any app: needs the kernel's Bus (to fetch auth's public keys). */
@Module({
  providers: [SigningKeyCache, AccessTokenVerifier, DeviceTokenVerifier],
  exports: [SigningKeyCache, AccessTokenVerifier, DeviceTokenVerifier],
})
export class IdentityModule {}
