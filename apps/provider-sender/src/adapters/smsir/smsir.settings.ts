import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

/** One SMS.IR account (REST v1). */
export class SmsIrSettings {
  /** The `X-API-KEY` from the SMS.IR developer panel. */
  @IsString()
  apiKey: string;

  /** The dedicated line number messages are sent from. */
  @Matches(/^\d{4,20}$/)
  lineNumber: string;

  /**
   * SMS.IR signs nothing: the received-message webhook URL set in its panel must be the account's inbound URL with
   * `?token=<inboundToken>`; calls without it are refused.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  inboundToken?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  baseUrl?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
