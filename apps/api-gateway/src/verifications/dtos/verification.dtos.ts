import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
  ValidateIf,
} from 'class-validator';
import {
  APP_HASH_PATTERN,
  CUSTOM_CODE_PATTERN,
  OTP_CODE_LENGTH,
  OTP_EXPIRY_SECONDS,
  OTP_LOCALES,
  OtpLocale,
  VERIFICATION_ROUTES,
  VERIFICATION_SEND_STATUSES,
  VERIFICATION_STATUSES,
  VerificationRoute,
  VerificationSendStatus,
  VerificationStatus,
} from '@zagel/contracts';

export class StartVerificationBody {
  @ApiProperty({ example: '+4915112345678', description: 'E.164 mobile number; landlines, premium-rate and unknown types are refused.' })
  @IsString()
  @MaxLength(64)
  to: string;

  @ApiPropertyOptional({ minimum: OTP_CODE_LENGTH.min, maximum: OTP_CODE_LENGTH.max, default: OTP_CODE_LENGTH.default })
  @IsOptional()
  @IsInt()
  @Min(OTP_CODE_LENGTH.min)
  @Max(OTP_CODE_LENGTH.max)
  codeLength?: number;

  @ApiPropertyOptional({ default: false, description: 'Letters and digits without look-alikes (0/O, 1/I/L); checked case-insensitively.' })
  @IsOptional()
  @IsBoolean()
  alphanumeric?: boolean;

  @ApiPropertyOptional({ minimum: OTP_EXPIRY_SECONDS.min, maximum: OTP_EXPIRY_SECONDS.max, default: OTP_EXPIRY_SECONDS.default })
  @IsOptional()
  @IsInt()
  @Min(OTP_EXPIRY_SECONDS.min)
  @Max(OTP_EXPIRY_SECONDS.max)
  expirySeconds?: number;

  @ApiPropertyOptional({ enum: OTP_LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(OTP_LOCALES)
  locale?: OtpLocale;

  @ApiPropertyOptional({ description: 'An OTP template of yours (POST /v1/verifications/templates) instead of the built-in text.' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ example: 'FA+9qCX9VSu', description: 'Android SMS Retriever hash, put on the last line of the message.' })
  @IsOptional()
  @Matches(APP_HASH_PATTERN, { message: 'appHash must be the 11-character SMS Retriever hash' })
  appHash?: string;

  @ApiPropertyOptional({ example: 'Souq', description: "The {app} of the message; your organization's setting when absent." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;

  @ApiPropertyOptional({ description: 'Your own code (4 to 10 letters or digits) instead of a generated one.' })
  @IsOptional()
  @Matches(CUSTOM_CODE_PATTERN, { message: 'customCode must be 4 to 10 letters or digits' })
  customCode?: string;

  @ApiPropertyOptional({ example: 'https://example.com/hooks/verify', description: 'Receives signed status callbacks.' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2_048)
  callbackUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class CheckVerificationBody {
  @ApiPropertyOptional({ example: '+4915112345678', description: 'The number; its newest verification is checked. Give this or verificationId.' })
  @ValidateIf((body: CheckVerificationBody) => body.verificationId === undefined)
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional()
  @ValidateIf((body: CheckVerificationBody) => body.to === undefined)
  @IsUUID()
  verificationId?: string;

  @ApiProperty({ example: '482913' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  code: string;
}

export class VerificationSettingsBody {
  @ApiProperty({ example: ['DE', 'EG'], description: 'ISO 3166 alpha-2 countries codes may go to; empty allows all.' })
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'allowedCountries must be ISO 3166 alpha-2 codes (DE, EG, ...)' })
  allowedCountries: string[];

  @ApiPropertyOptional({ example: 'Souq' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;
}

export class CreateOtpTemplateBody {
  @ApiProperty({ example: 'short' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '{app}: your code is {code} ({minutes} min)', description: 'Must contain {code} once; may use {minutes} and {app}.' })
  @IsString()
  @MinLength(6)
  @MaxLength(320)
  body: string;
}

export class VerificationSendResponse {
  @ApiProperty() messageId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: VERIFICATION_SEND_STATUSES }) status: VerificationSendStatus;
  @ApiProperty({ enum: VERIFICATION_ROUTES }) route: VerificationRoute;
  @ApiPropertyOptional() deviceId?: string;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() errorCode?: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty() updatedAt: string;
}

export class VerificationResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '+4915112345678' }) to: string;
  @ApiProperty({ example: 'DE' }) country: string;
  @ApiProperty({ enum: VERIFICATION_STATUSES }) status: VerificationStatus;
  @ApiProperty() expiresAt: string;
  @ApiProperty() sendCount: number;
  @ApiProperty({ enum: VERIFICATION_ROUTES, description: 'Route of the last send; auto until the dispatcher reports.' }) route: VerificationRoute;
  @ApiProperty() attempts: number;
  @ApiProperty() remainingAttempts: number;
  @ApiProperty() locale: string;
  @ApiPropertyOptional() callbackUrl?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) metadata?: Record<string, string>;
  @ApiProperty({ type: [VerificationSendResponse] }) sends: VerificationSendResponse[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional() approvedAt?: string;
  @ApiPropertyOptional() canceledAt?: string;
}

export class VerificationCheckResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: VERIFICATION_STATUSES }) status: VerificationStatus;
  @ApiProperty() valid: boolean;
  @ApiProperty() remainingAttempts: number;
}

export class VerificationSettingsResponse {
  @ApiProperty() organizationId: string;
  @ApiProperty({ type: [String] }) allowedCountries: string[];
  @ApiPropertyOptional() appName?: string;
  @ApiProperty() updatedAt: string;
}

export class OtpTemplateResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
}

export class OtpTemplateListResponse {
  @ApiProperty({ type: [OtpTemplateResponse] }) items: OtpTemplateResponse[];
}
