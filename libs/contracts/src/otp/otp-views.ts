import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789b1' })
  @IsUUID()
  messageId: string;

  @ApiProperty({ example: 1, description: '1 for the first send, then one more per resend.' })
  @IsInt()
  sequence: number;

  @ApiProperty({ enum: VERIFICATION_SEND_STATUSES, example: 'sent' })
  @IsIn(VERIFICATION_SEND_STATUSES)
  status: VerificationSendStatus;

  @ApiProperty({ enum: VERIFICATION_ROUTES, example: 'device' })
  @IsIn(VERIFICATION_ROUTES)
  route: VerificationRoute;

  @ApiPropertyOptional({ format: 'uuid', description: 'The phone that carried it.' })
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @ApiPropertyOptional({ example: 'twilio-us', description: 'The provider that carried it.' })
  @IsOptional()
  @IsString()
  provider?: string;

  @ApiPropertyOptional({ example: 'invalid_number' })
  @IsOptional()
  @IsString()
  errorCode?: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  requestedAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:01.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class VerificationView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789b0' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: '+4915112345678' })
  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @ApiProperty({ example: 'DE' })
  @IsString()
  country: string;

  @ApiProperty({ enum: VERIFICATION_STATUSES, example: 'pending' })
  @IsIn(VERIFICATION_STATUSES)
  status: VerificationStatus;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:10:00.000Z' })
  @IsDateString()
  expiresAt: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  sendCount: number;

  @ApiProperty({ enum: VERIFICATION_ROUTES, example: 'auto', description: 'Route of the last send; auto until the dispatcher reports.' })
  @IsIn(VERIFICATION_ROUTES)
  route: VerificationRoute;

  @ApiProperty({ example: 0 })
  @IsInt()
  attempts: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  remainingAttempts: number;

  @ApiProperty({ example: 'en' })
  @IsString()
  locale: string;

  @ApiPropertyOptional({ example: 'https://example.com/hooks/verify' })
  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { orderId: '1234' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiProperty({ type: () => [VerificationSendView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VerificationSendView)
  sends: VerificationSendView[];

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:01.000Z' })
  @IsDateString()
  updatedAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  approvedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  canceledAt?: string;
}

export class VerificationCheckResult {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789b0' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: VERIFICATION_STATUSES, example: 'approved' })
  @IsIn(VERIFICATION_STATUSES)
  status: VerificationStatus;

  @ApiProperty({ example: true })
  @IsBoolean()
  valid: boolean;

  @ApiProperty({ example: 4 })
  @IsInt()
  remainingAttempts: number;
}

export class VerificationSettingsView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ac' })
  @IsUUID()
  organizationId: string;

  /** ISO 3166 alpha-2 codes; empty means every country. */
  @ApiProperty({ type: [String], example: ['DE', 'EG'], description: 'ISO 3166 alpha-2 codes; empty means every country.' })
  @IsArray()
  @IsString({ each: true })
  allowedCountries: string[];

  @ApiPropertyOptional({ example: 'Souq' })
  @IsOptional()
  @IsString()
  appName?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { smsir: '100200', kavenegar: 'verify' } })
  @IsOptional()
  @IsObject()
  providerTemplates?: Record<string, string>;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class OtpTemplateView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789b2' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'short' })
  @IsString()
  name: string;

  @ApiProperty({ example: '{app}: your code is {code} ({minutes} min)' })
  @IsString()
  body: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class OtpTemplateList {
  @ApiProperty({ type: () => [OtpTemplateView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OtpTemplateView)
  items: OtpTemplateView[];
}
