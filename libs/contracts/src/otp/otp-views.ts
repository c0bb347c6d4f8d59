import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { MESSAGE_STATUSES, MessageStatus } from '../messages/message-types';

export const VERIFICATION_STATUSES = ['pending', 'approved', 'canceled', 'expired', 'max_attempts_reached'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The route a verification's last send took, or `auto` while the dispatcher has not said yet. */
export const VERIFICATION_ROUTES = ['auto', 'device', 'provider'] as const;
export type VerificationRoute = (typeof VERIFICATION_ROUTES)[number];

/** `requested` until the dispatcher reports; then the message's last reported status. */
export const VERIFICATION_SEND_STATUSES = ['requested', ...MESSAGE_STATUSES] as const;
export type VerificationSendStatus = 'requested' | MessageStatus;

/** One SMS sent for a verification (the first send and every resend). */
export class VerificationSendView {
  @IsUUID()
  messageId: string;

  @IsInt()
  sequence: number;

  @IsIn(VERIFICATION_SEND_STATUSES)
  status: VerificationSendStatus;

  @IsIn(VERIFICATION_ROUTES)
  route: VerificationRoute;

  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @IsOptional()
  @IsString()
  provider?: string;

  @IsOptional()
  @IsString()
  errorCode?: string;

  @IsDateString()
  requestedAt: string;

  @IsDateString()
  updatedAt: string;
}

export class VerificationView {
  @IsUUID()
  id: string;

  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @IsString()
  country: string;

  @IsIn(VERIFICATION_STATUSES)
  status: VerificationStatus;

  @IsDateString()
  expiresAt: string;

  @IsInt()
  sendCount: number;

  @IsIn(VERIFICATION_ROUTES)
  route: VerificationRoute;

  @IsInt()
  attempts: number;

  @IsInt()
  remainingAttempts: number;

  @IsString()
  locale: string;

  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VerificationSendView)
  sends: VerificationSendView[];

  @IsDateString()
  createdAt: string;

  @IsDateString()
  updatedAt: string;

  @IsOptional()
  @IsDateString()
  approvedAt?: string;

  @IsOptional()
  @IsDateString()
  canceledAt?: string;
}

export class VerificationCheckResult {
  @IsUUID()
  id: string;

  @IsIn(VERIFICATION_STATUSES)
  status: VerificationStatus;

  @IsBoolean()
  valid: boolean;

  @IsInt()
  remainingAttempts: number;
}

export class VerificationSettingsView {
  @IsUUID()
  organizationId: string;

  /** ISO 3166 alpha-2 codes; empty means every country. */
  @IsArray()
  @IsString({ each: true })
  allowedCountries: string[];

  @IsOptional()
  @IsString()
  appName?: string;

  @IsDateString()
  updatedAt: string;
}

export class OtpTemplateView {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  @IsString()
  body: string;

  @IsDateString()
  createdAt: string;
}

export class OtpTemplateList {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OtpTemplateView)
  items: OtpTemplateView[];
}
