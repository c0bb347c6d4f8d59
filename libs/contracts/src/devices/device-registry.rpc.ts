import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** A phone as its owner (and an operator) sees it. Earnings come from billing, not from here. */
export class DeviceView {
  @IsUUID() id: string;
  @IsUUID() ownerId: string;
  @IsString() phoneNumber: string;
  @IsString() label: string;
  @IsString() country: string;
  @IsOptional() @IsString() carrier: string | null;
  @IsOptional() @IsString() simMcc: string | null;
  @IsOptional() @IsString() simMnc: string | null;
  @IsBoolean() online: boolean;
  @IsBoolean() paused: boolean;
  @IsBoolean() quarantined: boolean;
  @IsInt() dailyQuota: number;
  @IsInt() sentToday: number;
  @IsInt() quotaLeft: number;
  /** Sent ÷ (sent + failures + timeouts); null before the first finished send. */
  @IsOptional() @IsNumber() successRate: number | null;
  @IsNumber() healthScore: number;
  @IsOptional() @IsString() coolingDownUntil: string | null;
  @IsOptional() @IsString() lastSeenAt: string | null;
  @IsString() createdAt: string;
}

export class RegisterDeviceRequest {
  @IsUUID()
  ownerId: string;

  @IsString()
  @MaxLength(64)
  phoneNumber: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;
}

export class RegisteredDevice {
  @IsUUID() id: string;
  @IsString() deviceToken: string;
  @IsString() phoneNumber: string;
  @IsString() country: string;
  @IsOptional() @IsString() carrier: string | null;
}

export class ListDevicesRequest extends PageRequest {
  @IsUUID()
  ownerId: string;
}

export class DevicePage extends PageInfo {
  @IsArray()
  @Type(() => DeviceView)
  @ValidateNested({ each: true })
  items: DeviceView[];
}

export class UpdateDeviceRequest {
  @IsUUID() ownerId: string;
  @IsUUID() deviceId: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000) dailyQuota?: number;
  @IsOptional() @IsBoolean() paused?: boolean;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) label?: string;
}

export class DeleteDeviceRequest {
  @IsUUID() ownerId: string;
  @IsUUID() deviceId: string;
}

export class DeletedDevice {
  @IsUUID() id: string;
}

export const DEVICE_ADMIN_STATUSES = ['online', 'offline', 'quarantined', 'paused', 'cooling_down'] as const;
export type DeviceAdminStatus = (typeof DEVICE_ADMIN_STATUSES)[number];

export class AdminListDevicesRequest extends PageRequest {
  @IsOptional() @IsString() @MaxLength(2) country?: string;
  @IsOptional() @IsString() @MaxLength(64) carrier?: string;
  @IsOptional() @IsIn(DEVICE_ADMIN_STATUSES) status?: DeviceAdminStatus;
}

/** An operator's change to a phone: releasing it from quarantine (its health history starts again). */
export class AdminUpdateDeviceRequest {
  @IsUUID() deviceId: string;
  @IsOptional() @IsBoolean() quarantined?: boolean;
}

export class AdminListPoolsRequest {
  @IsOptional() @IsString() @MaxLength(2) country?: string;
}

export class PoolView {
  @IsString() country: string;
  /** null for a country's pool as a whole (which every phone of the country is in). */
  @IsOptional() @IsString() carrier: string | null;
  @IsInt() onlinePhones: number;
  /** Online phones that can take a message now (not paused, quarantined, cooling down or out of quota). */
  @IsInt() availablePhones: number;
  @IsInt() quotaLeftToday: number;
  @IsInt() inFlightLeases: number;
  @IsInt() quarantinedPhones: number;
}

export class PoolList {
  @IsArray()
  @Type(() => PoolView)
  @ValidateNested({ each: true })
  items: PoolView[];
}

export const RegisterDevice = defineRpc(RpcType.RegisterDevice, 1, RegisterDeviceRequest, RegisteredDevice);
export const ListDevices = defineRpc(RpcType.ListDevices, 1, ListDevicesRequest, DevicePage);
export const UpdateDevice = defineRpc(RpcType.UpdateDevice, 1, UpdateDeviceRequest, DeviceView);
export const DeleteDevice = defineRpc(RpcType.DeleteDevice, 1, DeleteDeviceRequest, DeletedDevice);
export const AdminListDevices = defineRpc(RpcType.AdminListDevices, 1, AdminListDevicesRequest, DevicePage);
export const AdminUpdateDevice = defineRpc(RpcType.AdminUpdateDevice, 1, AdminUpdateDeviceRequest, DeviceView);
export const AdminListPools = defineRpc(RpcType.AdminListPools, 1, AdminListPoolsRequest, PoolList);
