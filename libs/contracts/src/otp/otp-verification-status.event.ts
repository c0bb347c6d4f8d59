import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { VERIFICATION_SEND_STATUSES, VERIFICATION_STATUSES, VerificationSendStatus, VerificationStatus } from './otp-views';

/**
 * A verification changed status (or its last send failed on every route). Ingestion delivers it to
 * `callbackUrl` as the customer's signed webhook.
 */
export class OtpVerificationStatusPayload {
  @IsUUID()
  verificationId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(VERIFICATION_STATUSES)
  status: VerificationStatus;

  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @IsDateString()
  at: string;

  @IsInt()
  attempts: number;

  @IsInt()
  sendCount: number;

  /** The send this event is about, when it is about one (created, send failed). */
  @IsOptional()
  @IsUUID()
  messageId?: string;

  @IsOptional()
  @IsIn(VERIFICATION_SEND_STATUSES)
  sendStatus?: VerificationSendStatus;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export const OtpVerificationStatusChanged = defineEvent(EventType.OtpVerificationStatus, 1, OtpVerificationStatusPayload);
