import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** A phone as its owner (and an operator) sees it. Earnings come from billing, not from here. */
export class DeviceView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789a0' })
  @IsUUID() id: string;

  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ab' })
  @IsUUID() ownerId: string;

  @ApiProperty({ example: '+201001234567' })
  @IsString() phoneNumber: string;

  @ApiProperty({ example: 'Old Samsung in the kitchen' })
  @IsString() label: string;

  @ApiProperty({ example: 'EG' })
  @IsString() country: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'vodafone' })
  @IsOptional() @IsString() carrier: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '602', description: 'The SIM operator as the phone last reported it.' })
  @IsOptional() @IsString() simMcc: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '02' })
  @IsOptional() @IsString() simMnc: string | null;

  @ApiProperty({ example: true })
  @IsBoolean() online: boolean;

  @ApiProperty({ example: false })
  @IsBoolean() paused: boolean;

  @ApiProperty({ example: false })
  @IsBoolean() quarantined: boolean;

  @ApiProperty({ example: 5, description: 'SMS in any 24 hours (a rolling window: each one counts for 24 hours from when it was sent).' })
  @IsInt() dailyQuota: number;

  @ApiProperty({ example: 2, description: 'SMS sent in the last 24 hours.' })
  @IsInt() sentToday: number;

  @ApiProperty({ example: 3 })
  @IsInt() quotaLeft: number;

  /** Sent ÷ (sent + failures + timeouts); null before the first finished send. */
  @ApiPropertyOptional({ type: Number, nullable: true, example: 0.97, description: 'Sent ÷ (sent + failures + timeouts); null before the first finished send.' })
  @IsOptional() @IsNumber() successRate: number | null;

  @ApiProperty({ example: 0.98 })
  @IsNumber() healthScore: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional() @IsString() coolingDownUntil: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional() @IsString() lastSeenAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsString() createdAt: string;

  /**
   * Operators' lists only: proven deliveries (verified OTPs, canaries that arrived) ÷ all proofs
   * (those and canaries that never arrived), weighted, over the proof window; null before any proof.
   */
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 0.92,
    description: "Operators' lists only: proven deliveries ÷ proofs (verified OTPs and arrived canaries vs canaries that never arrived), weighted, over the proof window; null before any proof.",
  })
  @IsOptional() @IsNumber() provenDeliveryRate?: number | null;

  @ApiPropertyOptional({ example: false, description: "Operators' lists only: banned by an operator (no traffic, token revoked, pending rewards forfeited)." })
  @IsOptional() @IsBoolean() banned?: boolean;
}

export class RegisterDeviceRequest {
  @IsUUID()
  ownerId: string;

  @ApiProperty({ minLength: 1, maxLength: 64, example: '+201001234567', description: 'The SIM’s number in E.164 form; must be a mobile number.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  phoneNumber: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Old Samsung in the kitchen' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;
}

export class RegisteredDevice {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789a0' })
  @IsUUID() id: string;

  @ApiProperty({ example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjIwMjYtMTEifQ...', description: 'Shown once: the phone app connects with it.' })
  @IsString() deviceToken: string;

  @ApiProperty({ example: '+201001234567' })
  @IsString() phoneNumber: string;

  @ApiProperty({ example: 'EG' })
  @IsString() country: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'vodafone' })
  @IsOptional() @IsString() carrier: string | null;
}

export class ListDevicesRequest extends PageRequest {
  @IsUUID()
  ownerId: string;
}

export class DevicePage extends PageInfo {
  @ApiProperty({ type: () => [DeviceView] })
  @IsArray()
  @Type(() => DeviceView)
  @ValidateNested({ each: true })
  items: DeviceView[];
}

export class UpdateDeviceRequest {
  @IsUUID() ownerId: string;
  @IsUUID() deviceId: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000, example: 5, description: 'SMS in any 24 hours (a rolling window: each one counts for 24 hours from when it was sent).' })
  @IsOptional() @IsInt() @Min(0) @Max(10_000) dailyQuota?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional() @IsBoolean() paused?: boolean;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Spare phone' })
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
  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'EG' })
  @IsOptional() @IsString() @Length(2, 2) country?: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'vodafone' })
  @IsOptional() @IsString() @MaxLength(64) carrier?: string;

  @ApiPropertyOptional({ enum: DEVICE_ADMIN_STATUSES, example: 'quarantined' })
  @IsOptional() @IsIn(DEVICE_ADMIN_STATUSES) status?: DeviceAdminStatus;

  @ApiPropertyOptional({ example: true, description: 'true: only quarantined phones (banned ones included); false: only phones not quarantined.' })
  @IsOptional() @IsBoolean() quarantined?: boolean;
}

/** An operator's decision on a phone (a quarantined one, typically): release it, or ban it. */
export class AdminDeviceDecisionRequest {
  @IsUUID() deviceId: string;
}

/** An operator's change to a phone: releasing it from quarantine (its health history starts again). */
export class AdminUpdateDeviceRequest {
  @IsUUID() deviceId: string;

  @ApiPropertyOptional({ example: false, description: 'false releases a quarantined phone (its health record starts again).' })
  @IsOptional() @IsBoolean() quarantined?: boolean;
}

export class AdminListPoolsRequest {
  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'EG' })
  @IsOptional() @IsString() @Length(2, 2) country?: string;
}

export class PoolView {
  @ApiProperty({ example: 'EG' })
  @IsString() country: string;

  /** null for a country's pool as a whole (which every phone of the country is in). */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'vodafone', description: 'null for the country pool.' })
  @IsOptional() @IsString() carrier: string | null;

  @ApiProperty({ example: 12 })
  @IsInt() onlinePhones: number;

  /** Online phones that can take a message now (not paused, quarantined, cooling down or out of quota). */
  @ApiProperty({ example: 9, description: 'Online and able to take a message now.' })
  @IsInt() availablePhones: number;

  @ApiProperty({ example: 41, description: "What the online phones may still send: each one's quota less its last 24 hours." })
  @IsInt() quotaLeftToday: number;

  @ApiProperty({ example: 2 })
  @IsInt() inFlightLeases: number;

  @ApiProperty({ example: 1 })
  @IsInt() quarantinedPhones: number;
}

export class PoolList {
  @ApiProperty({ type: () => [PoolView] })
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
export const AdminReleaseDevice = defineRpc(RpcType.AdminReleaseDevice, 1, AdminDeviceDecisionRequest, DeviceView);
export const AdminBanDevice = defineRpc(RpcType.AdminBanDevice, 1, AdminDeviceDecisionRequest, DeviceView);
