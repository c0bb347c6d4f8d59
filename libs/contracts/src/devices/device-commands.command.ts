import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { defineCommand } from '../contract';
import { CommandType } from '../routing-keys';

export const DISCONNECT_REASONS = ['dropped_from_pool', 'quarantined', 'revoked', 'deleted', 'replaced'] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

/** Sent to the gateway instance holding the phone: close its socket, telling it why. */
export class DisconnectDevicePayload {
  @IsUUID()
  deviceId: string;

  @IsIn(DISCONNECT_REASONS)
  reason: DisconnectReason;

  /** How long the phone should wait before reconnecting. */
  @IsOptional()
  @IsInt()
  @Min(0)
  retryAfterSeconds?: number;
}

/** Sent to the gateway instance holding the phone, which forwards it as `device:config`. */
export class ConfigureDevicePayload {
  @IsUUID()
  deviceId: string;

  @IsInt()
  @Min(0)
  @Max(10_000)
  dailyQuota: number;

  @IsBoolean()
  paused: boolean;
}

export const DisconnectDevice = defineCommand(CommandType.DisconnectDevice, 1, DisconnectDevicePayload);
export const ConfigureDevice = defineCommand(CommandType.ConfigureDevice, 1, ConfigureDevicePayload);
