import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

/**
 * What the device-gateway relays from phones to the pool-dispatcher. Each carries the lease
 * (one attempt of one message on one phone) so a late report for an expired lease is recognised.
 */
export class DeviceSendAckedPayload {
  @IsUUID()
  leaseId: string;

  @IsUUID()
  messageId: string;

  @IsUUID()
  deviceId: string;

  @IsBoolean()
  accepted: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;

  @IsDateString()
  at: string;
}

export const DEVICE_SMS_STATUSES = ['sent', 'failed', 'delivered'] as const;
export type DeviceSmsStatusValue = (typeof DEVICE_SMS_STATUSES)[number];

export class DeviceSmsStatusPayload {
  @IsUUID()
  leaseId: string;

  @IsUUID()
  messageId: string;

  @IsUUID()
  deviceId: string;

  @IsIn(DEVICE_SMS_STATUSES)
  status: DeviceSmsStatusValue;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  errorCode?: string;

  /** When the phone says it happened. */
  @IsDateString()
  at: string;
}

export class SimOperator {
  @Matches(/^\d{3}$/)
  mcc: string;

  @Matches(/^\d{2,3}$/)
  mnc: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string;
}

export class DeviceHeartbeatPayload {
  @IsUUID()
  deviceId: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  battery?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4)
  signal?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SimOperator)
  carrier?: SimOperator;

  @IsDateString()
  at: string;
}

export const LEASE_RETURN_REASONS = ['gateway_shutdown', 'disconnected', 'not_connected', 'in_flight_limit', 'ack_timeout'] as const;
export type LeaseReturnReason = (typeof LEASE_RETURN_REASONS)[number];

/** The gateway could not (or can no longer) carry a lease to its phone; the dispatcher reassigns it. */
export class DeviceLeaseReturnedPayload {
  @IsUUID()
  leaseId: string;

  @IsUUID()
  messageId: string;

  @IsUUID()
  deviceId: string;

  @IsIn(LEASE_RETURN_REASONS)
  reason: LeaseReturnReason;

  @IsDateString()
  at: string;
}

export const DeviceSendAcked = defineEvent(EventType.DeviceSendAcked, 1, DeviceSendAckedPayload);
export const DeviceSmsStatus = defineEvent(EventType.DeviceSmsStatus, 1, DeviceSmsStatusPayload);
export const DeviceHeartbeat = defineEvent(EventType.DeviceHeartbeat, 1, DeviceHeartbeatPayload);
export const DeviceLeaseReturned = defineEvent(EventType.DeviceLeaseReturned, 1, DeviceLeaseReturnedPayload);
