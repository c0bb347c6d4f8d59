import { Injectable } from '@nestjs/common';
import { AccessTokenClaims, DeviceTokenClaims } from '@zagel/contracts';
import { AuthConfig } from '../config';
import { ACCESS_TOKEN_AUDIENCE, DEVICE_TOKEN_AUDIENCE, signToken } from './jwt';
import { SigningKeyRing } from './signing-key-ring';

export const DEVICE_TOKEN_TTL_SECONDS = 365 * 86_400;

/** Signs access and device tokens with the current key. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly settings: AuthConfig,
  ) {}

  async accessToken(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = this.settings.AUTH_ACCESS_TOKEN_TTL_SECONDS;
    const token = signToken(await this.keys.currentKey(), claims, { audience: ACCESS_TOKEN_AUDIENCE, ttlSeconds: expiresIn });
    return { token, expiresIn };
  }

  async deviceToken(claims: DeviceTokenClaims, jti: string): Promise<string> {
    return signToken(await this.keys.currentKey(), claims, {
      audience: DEVICE_TOKEN_AUDIENCE,
      ttlSeconds: DEVICE_TOKEN_TTL_SECONDS,
      jwtid: jti,
    });
  }
}
