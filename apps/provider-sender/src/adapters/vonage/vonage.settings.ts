import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

export const VONAGE_SIG_ALGORITHMS = ['MD5HASH', 'MD5HMAC', 'SHA1HMAC', 'SHA256HMAC', 'SHA512HMAC'] as const;

/** One Vonage (SMS API) account. */
export class VonageSettings {
  @IsString()
  apiKey: string;

  @IsString()
  apiSecret: string;

  /**
   * The account's signature secret: verifies signed webhooks (JWT in `Authorization: Bearer`) and, for SMS API
   * receipts signed with `sig`, that signature.
   */
  @IsString()
  signatureSecret: string;

  /** How `sig`-signed receipts are signed (the dashboard's "signature method"). */
  @IsOptional()
  @IsIn(VONAGE_SIG_ALGORITHMS)
  signatureMethod?: (typeof VONAGE_SIG_ALGORITHMS)[number];

  @IsOptional()
  @IsString()
  from?: string;

  /** Replaces `https://rest.nexmo.com` (the SMS API host). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  restHost?: string;

  /** Replaces `https://api.nexmo.com`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  apiHost?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
