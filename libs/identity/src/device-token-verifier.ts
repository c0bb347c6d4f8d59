import { Injectable } from '@nestjs/common';
import { DeviceTokenClaims } from '@zagel/contracts';
import { SigningKeyCache } from './signing-key-cache';
import { DEVICE_TOKEN_AUDIENCE } from './token-claims';
import { TokenVerificationError } from './token-verification.error';
import { verifyZagelJwt } from './verify-jwt';

/** Verifies the phones' device tokens (the device-gateway's handshake). Revocation is checked by the caller. */
@Injectable()
export class DeviceTokenVerifier {
  constructor(private readonly keys: SigningKeyCache) {}

  async verify(token: string): Promise<DeviceTokenClaims> {
    const payload = await verifyZagelJwt(token, this.keys, { audience: DEVICE_TOKEN_AUDIENCE, typ: 'device' });
    if (typeof payload.owner !== 'string') throw new TokenVerificationError('invalid', 'the token names no owner');
    return { sub: payload.sub as string, owner: payload.owner, typ: 'device', iat: payload.iat };
  }
}
