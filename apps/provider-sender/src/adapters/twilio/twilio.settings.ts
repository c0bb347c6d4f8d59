import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

/** One Twilio account: credentials, who the message comes from, and (for tests or proxies) where the API lives. */
export class TwilioSettings {
  @Matches(/^AC[0-9a-fA-F]{32}$/)
  accountSid: string;

  @IsString()
  authToken: string;

  /** A Twilio number or alphanumeric sender id; either this or `messagingServiceSid`. */
  @IsOptional()
  @IsString()
  from?: string;

  @IsOptional()
  @Matches(/^MG[0-9a-fA-F]{32}$/)
  messagingServiceSid?: string;

  /** Replaces `https://api.twilio.com` (scheme, host and port) in every SDK request. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  apiBaseUrl?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
