import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

/** One template variable as the customer filled it. */
export class TemplateVariable {
  @Matches(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/)
  name: string;

  @IsString()
  @MaxLength(500)
  value: string;
}

/**
 * The template a message was rendered from, for providers that send through their own template APIs
 * (SMS.IR verify, Kavenegar verify/lookup). The rendered `body` always travels beside it: a provider
 * without a code for the template sends the text instead (see the provider-sender docs).
 */
export class ProviderTemplate {
  /** The customer's template (ingestion's), absent for an organization-level OTP template. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** The template's codes at providers, keyed by provider account name or kind: `{smsir: "123456", kavenegar: "verify"}`. */
  @IsObject()
  providerCodes: Record<string, string>;

  /** In the template's declared order (Kavenegar maps them to token, token2, ... by that order). */
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariable)
  variables: TemplateVariable[];
}
