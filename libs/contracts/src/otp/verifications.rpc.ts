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
} from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { OtpTemplateList, OtpTemplateView, VerificationCheckResult, VerificationSettingsView, VerificationView } from './otp-views';

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
  @IsString()
  @MaxLength(64)
  to: string;

  @IsOptional()
  @IsInt()
  @Min(OTP_CODE_LENGTH.min)
  @Max(OTP_CODE_LENGTH.max)
  codeLength?: number;

  @IsOptional()
  @IsBoolean()
  alphanumeric?: boolean;

  @IsOptional()
  @IsInt()
  @Min(OTP_EXPIRY_SECONDS.min)
  @Max(OTP_EXPIRY_SECONDS.max)
  expirySeconds?: number;

  @IsOptional()
  @IsIn(OTP_LOCALES)
  locale?: OtpLocale;

  @IsOptional()
  @IsUUID()
  templateId?: string;

  @IsOptional()
  @Matches(APP_HASH_PATTERN)
  appHash?: string;

  /** The `{app}` of the message; the organization's setting when absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;

  @IsOptional()
  @Matches(CUSTOM_CODE_PATTERN)
  customCode?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2_048)
  callbackUrl?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;
}

export class CheckVerificationRequest {
  @IsUUID()
  organizationId: string;

  @IsOptional()
  @IsUUID()
  verificationId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

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

export class GetVerificationSettingsRequest {
  @IsUUID()
  organizationId: string;
}

export class UpdateVerificationSettingsRequest {
  @IsUUID()
  organizationId: string;

  @IsArray()
  @ArrayMaxSize(250)
  @Matches(/^[A-Z]{2}$/, { each: true })
  allowedCountries: string[];

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  appName?: string;
}

export class CreateOtpTemplateRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Must contain `{code}`; may use `{minutes}` and `{app}`. */
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
