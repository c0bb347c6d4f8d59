import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import {
  OtpTemplateList,
  OtpTemplateView,
  VERIFICATION_STATUSES,
  VerificationCheckResult,
  VerificationSettingsView,
  VerificationStatus,
  VerificationView,
} from './otp-views';
import { PROVIDER_CODES, ValidatedWhen } from '../validation/payload-schema';

/** Locales the built-in verification message is written in. */
export const OTP_LOCALES = ['en', 'ar', 'fa', 'es', 'fr', 'de', 'pt', 'ru', 'tr', 'hi'] as const;
export type OtpLocale = (typeof OTP_LOCALES)[number];

export const OTP_CODE_LENGTH = { min: 4, max: 10, default: 6 } as const;
export const OTP_EXPIRY_SECONDS = { min: 10, max: 86_400, default: 600 } as const;
/** An Android SMS Retriever app hash: 11 characters of base64. */
export const APP_HASH_PATTERN = /^[A-Za-z0-9+/]{11}$/;
export const CUSTOM_CODE_PATTERN = /^[A-Za-z0-9]{4,10}$/;

export class StartVerificationRequest {
  @IsUUID()
  organizationId: string;

  /** As the customer typed it; the service normalizes it to E.164. */
  @ApiProperty({ maxLength: 64, example: '+4915112345678', description: 'E.164 mobile number; landlines, premium-rate and unknown types are refused.' })
  @IsString()
  @MaxLength(64)
  to: string;

  @ApiPropertyOptional({ minimum: OTP_CODE_LENGTH.min, maximum: OTP_CODE_LENGTH.max, default: OTP_CODE_LENGTH.default, example: 6 })
  @IsOptional()
  @IsInt()
  @Min(OTP_CODE_LENGTH.min)
  @Max(OTP_CODE_LENGTH.max)
  codeLength?: number;

  @ApiPropertyOptional({ default: false, example: false, description: 'Letters and digits without look-alikes (0/O, 1/I/L); checked case-insensitively.' })
  @IsOptional()
  @IsBoolean()
  alphanumeric?: boolean;

  @ApiPropertyOptional({ minimum: OTP_EXPIRY_SECONDS.min, maximum: OTP_EXPIRY_SECONDS.max, default: OTP_EXPIRY_SECONDS.default, example: 600 })
  @IsOptional()
  @IsInt()
  @Min(OTP_EXPIRY_SECONDS.min)
  @Max(OTP_EXPIRY_SECONDS.max)
  expirySeconds?: number;

  @ApiPropertyOptional({ enum: OTP_LOCALES, default: 'en', example: 'en', description: 'Language of the built-in message.' })
  @IsOptional()
  @IsIn(OTP_LOCALES)
  locale?: OtpLocale;

  @ApiPropertyOptional({ format: 'uuid', description: 'An OTP template of yours (POST /v1/verifications/templates) instead of the built-in text.' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ pattern: APP_HASH_PATTERN.source, example: 'FA+9qCX9VSu', description: 'Android SMS Retriever hash, put on the last line of the message.' })
  @IsOptional()
  @Matches(APP_HASH_PATTERN, { message: 'appHash must be the 11-character SMS Retriever hash' })
  appHash?: string;

  /** The `{app}` of the message; the organization's setting when absent. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 40, example: 'Souq', description: "The {app} of the message; your organization's setting when absent." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;

  @ApiPropertyOptional({ pattern: CUSTOM_CODE_PATTERN.source, example: 'K7PQ2M', description: 'Your own code (4 to 10 letters or digits) instead of a generated one.' })
  @IsOptional()
  @Matches(CUSTOM_CODE_PATTERN, { message: 'customCode must be 4 to 10 letters or digits' })
  customCode?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: 2_048, example: 'https://example.com/hooks/verify', description: 'Receives signed status callbacks.' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2_048)
  callbackUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { orderId: '1234' }, description: 'Yours: returned with the verification and its callbacks.' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

/** Names the verification by its id or by the number (its newest verification): one of the two is required. */
export class CheckVerificationRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The verification to check. Give this or `to`.' })
  @ValidateIf((request: CheckVerificationRequest) => request.to === undefined)
  @ValidatedWhen({ not: { required: ['to'] } })
  @IsUUID()
  verificationId?: string;

  @ApiPropertyOptional({ maxLength: 64, example: '+4915112345678', description: 'The number; its newest verification is checked. Give this or verificationId.' })
  @ValidateIf((request: CheckVerificationRequest) => request.verificationId === undefined)
  @ValidatedWhen({ not: { required: ['verificationId'] } })
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiProperty({ minLength: 1, maxLength: 32, example: '482913' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  code: string;
}

export class VerificationRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  verificationId: string;
}

/** The organization's verifications, newest first (created_at, then id), a cursor page at a time. */
export class ListVerificationsRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  /** The id of the previous page's last verification: pages stay exact while new ones are started. */
  @ApiPropertyOptional({ format: 'uuid', description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsUUID()
  override cursor?: string;

  /** As the verification reads now: a pending one past its expiry is `expired`. */
  @ApiPropertyOptional({ enum: VERIFICATION_STATUSES, example: 'approved', description: 'As it reads now: a pending verification past its expiry is expired.' })
  @IsOptional()
  @IsIn(VERIFICATION_STATUSES)
  status?: VerificationStatus;

  /** A phone number, normalized like a start's `to`. */
  @ApiPropertyOptional({ maxLength: 64, example: '+4915112345678', description: 'The number the codes went to.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Created at or after.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Created before.' })
  @IsOptional()
  @IsDateString()
  until?: string;
}

export class VerificationPage extends PageInfo {
  @ApiProperty({ type: () => [VerificationView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VerificationView)
  items: VerificationView[];
}

export class GetVerificationSettingsRequest {
  @IsUUID()
  organizationId: string;
}

export class UpdateVerificationSettingsRequest {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ type: [String], maxItems: 250, example: ['DE', 'EG'], description: 'ISO 3166 alpha-2 countries codes may go to; empty allows all.' })
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'allowedCountries must be ISO 3166 alpha-2 codes (DE, EG, ...)' })
  allowedCountries: string[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 40, example: 'Souq', description: 'The {app} of the built-in message.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { smsir: '100200', kavenegar: 'verify' },
    description: "Verify templates registered at providers (by provider kind or account name): codes go out through them, the code as the variable `code`.",
  })
  @IsOptional()
  @IsObject()
  @ValidateBy({
    name: PROVIDER_CODES,
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' && value !== null && Object.entries(value).length <= 20 &&
        Object.entries(value).every(([provider, code]) => /^[a-z0-9_-]{1,40}$/.test(provider) && typeof code === 'string' && code.length > 0 && code.length <= 200),
      defaultMessage: () => 'providerTemplates maps provider names (a-z, 0-9, _ -) to template codes (strings of at most 200 characters)',
    },
  })
  providerTemplates?: Record<string, string>;
}

export class CreateOtpTemplateRequest {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'short' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Must contain `{code}`; may use `{minutes}` and `{app}`. */
  @ApiProperty({ minLength: 6, maxLength: 320, example: '{app}: your code is {code} ({minutes} min)', description: 'Must contain {code} once; may use {minutes} and {app}.' })
  @IsString()
  @MinLength(6)
  @MaxLength(320)
  body: string;
}

export class ListOtpTemplatesRequest {
  @IsUUID()
  organizationId: string;
}

export class OtpTemplateRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  templateId: string;
}

export class DeletedOtpTemplate {
  @IsUUID()
  id: string;
}


/**
 * The otp service's RPCs (the gateway's `/v1/verifications`). Errors: see OtpErrorCode; 429 codes carry
 * `retryAfterSeconds`, `insufficient_funds` carries `{shortfall, available, currency}`.
 */
export const StartVerification = defineRpc(RpcType.StartVerification, 1, StartVerificationRequest, VerificationView);
export const CheckVerification = defineRpc(RpcType.CheckVerification, 1, CheckVerificationRequest, VerificationCheckResult);
export const ResendVerification = defineRpc(RpcType.ResendVerification, 1, VerificationRequest, VerificationView);
export const CancelVerification = defineRpc(RpcType.CancelVerification, 1, VerificationRequest, VerificationView);
export const GetVerification = defineRpc(RpcType.GetVerification, 1, VerificationRequest, VerificationView);
export const ListVerifications = defineRpc(RpcType.ListVerifications, 1, ListVerificationsRequest, VerificationPage);
export const GetVerificationSettings = defineRpc(RpcType.GetVerificationSettings, 1, GetVerificationSettingsRequest, VerificationSettingsView);
export const UpdateVerificationSettings = defineRpc(
  RpcType.UpdateVerificationSettings,
  1,
  UpdateVerificationSettingsRequest,
  VerificationSettingsView,
);
export const CreateOtpTemplate = defineRpc(RpcType.CreateOtpTemplate, 1, CreateOtpTemplateRequest, OtpTemplateView);
export const ListOtpTemplates = defineRpc(RpcType.ListOtpTemplates, 1, ListOtpTemplatesRequest, OtpTemplateList);
export const DeleteOtpTemplate = defineRpc(RpcType.DeleteOtpTemplate, 1, OtpTemplateRequest, DeletedOtpTemplate);
