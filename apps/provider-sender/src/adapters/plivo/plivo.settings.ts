import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

/** One Plivo account. */
export class PlivoSettings {
  @IsString()
  authId: string;

  @IsString()
  authToken: string;

  /** Sender number or id; either this or `powerpackUuid`. */
  @IsOptional()
  @IsString()
  from?: string;

  @IsOptional()
  @IsString()
  powerpackUuid?: string;

  /** Replaces `https://api.plivo.com` (the SDK's account URL becomes `<apiBaseUrl>/v1/Account/<authId>`). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  apiBaseUrl?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
