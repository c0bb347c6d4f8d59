import { IsDateString, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { defineCommand } from '../contract';
import { CommandType } from '../routing-keys';

/** Sent to the device-gateway instance that holds the phone's socket. */
export class PushToDevicePayload {
  @IsUUID()
  leaseId: string;

  @IsUUID()
  messageId: string;

  @IsUUID()
  deviceId: string;

  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  @IsDateString()
  expiresAt: string;
}

export const PushToDevice = defineCommand(CommandType.PushToDevice, 1, PushToDevicePayload);
