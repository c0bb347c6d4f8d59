import { IsString, IsUUID } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export class IssueDeviceTokenRequest {
  @IsUUID()
  deviceId: string;

  @IsUUID()
  ownerId: string;
}

export class DeviceToken {
  @IsUUID()
  deviceId: string;

  @IsString()
  deviceToken: string;
}

export class RevokeDeviceTokenRequest {
  @IsUUID()
  deviceId: string;
}

export class RevokedDeviceToken {
  @IsUUID()
  deviceId: string;
}

export const IssueDeviceToken = defineRpc(RpcType.IssueDeviceToken, 1, IssueDeviceTokenRequest, DeviceToken);
export const RevokeDeviceToken = defineRpc(RpcType.RevokeDeviceToken, 1, RevokeDeviceTokenRequest, RevokedDeviceToken);
