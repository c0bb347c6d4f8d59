import { IsDateString, IsOptional, IsUUID, Matches } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

/** A verification approved by the right code; carries who delivered it so billing can reward them. */
export class OtpVerifiedPayload {
  @IsUUID()
  verificationId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  messageId: string;

  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @IsOptional()
  @IsUUID()
  deviceOwnerId?: string;

  @IsDateString()
  verifiedAt: string;
}

export const OtpVerified = defineEvent(EventType.OtpVerified, 1, OtpVerifiedPayload);
