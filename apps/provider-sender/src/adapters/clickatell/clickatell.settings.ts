import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

/** One Clickatell Platform (One API) integration. */
export class ClickatellSettings {
  /** The integration's API key, sent as the `Authorization` header. */
  @IsString()
  apiKey: string;

  @IsOptional()
  @IsString()
  from?: string;

  /**
   * Clickatell does not sign callbacks: the integration's status and reply callback URLs must be the account's
   * report URL and inbound URL with `?token=<reportToken>`; calls without it are refused.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  reportToken?: string;

  /** Replaces `https://platform.clickatell.com`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  baseUrl?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
