import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

/** One Kavenegar account. */
export class KavenegarSettings {
  @IsString()
  apiKey: string;

  /** Sender line; Kavenegar uses the account's default line when absent. */
  @IsOptional()
  @IsString()
  sender?: string;

  /**
   * Kavenegar signs nothing: the delivery callback URL and the line's receive URL registered in its panel must be
   * the account's report URL and inbound URL with `?token=<reportToken>`; calls without it are refused.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  reportToken?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  baseUrl?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
