import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuthErrorCode, DeviceToken, IssueDeviceTokenRequest } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { TokenIssuer } from '../signing-keys/token-issuer';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import { AuthError } from '../shared/auth-error';

/** A long-lived device JWT naming the phone and its owner; issuing again replaces the recorded jti. */
@Injectable()
export class IssueDeviceTokenUseCase {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly credentials: DeviceCredentialsRepository,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute(request: IssueDeviceTokenRequest): Promise<DeviceToken> {
    const { deviceId, ownerId } = request;
    if (!(await this.identity.userById(ownerId))) throw new AuthError(AuthErrorCode.NotFound, 'no such owner');
    const jti = uuidv7();
    if (!(await this.credentials.issue(deviceId, ownerId, jti))) {
      throw new AuthError(AuthErrorCode.Forbidden, 'the device belongs to another owner');
    }
    const deviceToken = await this.tokens.deviceToken({ sub: deviceId, owner: ownerId, typ: 'device' }, jti);
    return { deviceId, deviceToken };
  }
}
