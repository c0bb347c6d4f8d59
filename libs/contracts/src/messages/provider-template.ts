import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

/** The most variables a provider template carries, and the longest value (what the providers' template APIs take). */
export const MAX_TEMPLATE_VARIABLES = 20;
export const MAX_TEMPLATE_VARIABLE_LENGTH = 500;

/** One template variable as the customer filled it. */
export class TemplateVariable {
  @Matches(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/)
  name: string;

  @IsString()
  @MaxLength(MAX_TEMPLATE_VARIABLE_LENGTH)
  value: string;
}

/**
 * What every recipient of a bulk batch shares of their template: a template's identity and provider codes,
 * said once per batch; each recipient carries its own `templateVariables`.
 */
export class BatchTemplate {
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
}

/**
 * The template a message was rendered from, for providers that send through their own template APIs
 * (SMS.IR verify, Kavenegar verify/lookup). The rendered `body` always travels beside it: a provider
 * without a code for the template sends the text instead (see the provider-sender docs).
 */
export class ProviderTemplate extends BatchTemplate {
  /** In the template's declared order (Kavenegar maps them to token, token2, ... by that order). */
  @IsArray()
  @ArrayMaxSize(MAX_TEMPLATE_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariable)
  variables: TemplateVariable[];
}

/** One recipient's ProviderTemplate: the batch's shared part with the recipient's variables (none: not templated). */
export function recipientTemplate(shared: BatchTemplate | undefined, variables: TemplateVariable[] | undefined): ProviderTemplate | undefined {
  return shared && variables ? { ...shared, variables } : undefined;
}
