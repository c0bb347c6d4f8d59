import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, DeviceTokenRevoked, RevokedDeviceToken, RevokeDeviceTokenRequest } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import { AuthError } from '../shared/auth-error';

/** Revokes the device's token and announces it (the device-gateway disconnects the phone). */
@Injectable()
export class RevokeDeviceTokenUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: DeviceCredentialsRepository,
  ) {}

  async execute(request: RevokeDeviceTokenRequest): Promise<RevokedDeviceToken> {
    const { deviceId } = request;
    const revokedAt = await this.dataSource.transaction(async (manager) => {
      const at = await this.credentials.revoke(manager, deviceId);
      if (at) await Outbox.add(manager, DeviceTokenRevoked, { deviceId, at: at.toISOString() });
      return at;
    });
    if (!revokedAt) throw new AuthError(AuthErrorCode.NotFound, 'no live credential for this device');
    return { deviceId };
  }
}
