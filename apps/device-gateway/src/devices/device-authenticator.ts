import { Injectable, Logger } from '@nestjs/common';
import { DeviceConnectError } from '@zagel/contracts';
import { DeviceTokenVerifier, TokenVerificationError } from '@zagel/identity';
import { RevokedDevices } from './revoked-devices';

export interface AuthenticatedDevice {
  deviceId: string;
  ownerId: string;
}

export type HandshakeOutcome = { device: AuthenticatedDevice } | { refused: DeviceConnectError };

/** Checks a phone's handshake token locally (signature, audience, expiry) and against revocations. */
@Injectable()
export class DeviceAuthenticator {
  private readonly logger = new Logger(DeviceAuthenticator.name);

  constructor(
    private readonly verifier: DeviceTokenVerifier,
    private readonly revoked: RevokedDevices,
  ) {}

  async authenticate(token: unknown): Promise<HandshakeOutcome> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4_096) return { refused: DeviceConnectError.MissingToken };
    try {
      const claims = await this.verifier.verify(token);
      if (await this.revoked.isRevoked(claims.sub, claims.iat)) return { refused: DeviceConnectError.TokenRevoked };
      return { device: { deviceId: claims.sub, ownerId: claims.owner } };
    } catch (error) {
      if (error instanceof TokenVerificationError) {
        return { refused: error.reason === 'expired' ? DeviceConnectError.ExpiredToken : DeviceConnectError.InvalidToken };
      }
      this.logger.warn(`handshake not checked: ${error instanceof Error ? error.message : String(error)}`);
      return { refused: DeviceConnectError.Unavailable };
    }
  }
}
