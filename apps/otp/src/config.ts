import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** otp settings: the platform's, plus the code key, the send limits and the fraud guard's thresholds. */
export class OtpConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['otp'];

  /**
   * Secret key of the codes' HMAC (and of the sealed copy a resend re-sends). Never logged. Required in
   * production; elsewhere a development-only key stands in so a fresh checkout starts.
   */
  @ValidateIf((settings: OtpConfig) => settings.NODE_ENV === 'production' || settings.OTP_CODE_HMAC_KEY !== undefined)
  @IsString({ message: 'OTP_CODE_HMAC_KEY must be set in production (32 characters or more)' })
  @MinLength(32, { message: 'OTP_CODE_HMAC_KEY must be 32 characters or more' })
  OTP_CODE_HMAC_KEY?: string;

  /** Wrong codes a verification accepts before it becomes max_attempts_reached. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  OTP_MAX_CHECK_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  OTP_RESEND_COOLDOWN_SECONDS = 30;

  /** SMS (first sends and resends) one number may receive per OTP_SENDS_PER_NUMBER_WINDOW_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_MAX_SENDS_PER_NUMBER = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_SENDS_PER_NUMBER_WINDOW_SECONDS = 600;

  /** Verifications one organization may start per OTP_VELOCITY_WINDOW_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_ORG_VELOCITY_LIMIT = 1_200;

  /** Verifications one destination prefix may receive (all organizations) per OTP_VELOCITY_WINDOW_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_PREFIX_VELOCITY_LIMIT = 120;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_VELOCITY_WINDOW_SECONDS = 60;

  /** National digits after the country code that make a destination prefix (SMS-pumping ranges). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(6)
  OTP_PREFIX_NATIONAL_DIGITS = 3;

  /** A prefix is judged on verifications started in this window... */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  OTP_PUMPING_WINDOW_SECONDS = 3_600;

  /** Starts younger than this are not judged yet: their users may still be typing the code. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OTP_PUMPING_GRACE_SECONDS = 120;

  /** ...once it has at least this many... */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_PUMPING_MIN_VOLUME = 50;

  /** ...and blocked when fewer than this share of them were approved. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  OTP_PUMPING_MIN_VERIFY_RATE = 0.2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OTP_PREFIX_BLOCK_SECONDS = 3_600;

  /** How often pending verifications past their expiry are marked expired (and announced). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OTP_EXPIRY_SWEEP_INTERVAL_MS = 15_000;

  /** How often published `message.requested` rows (the SMS text, with the code) are deleted from the outbox. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OTP_OUTBOX_SCRUB_INTERVAL_MS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  OTP_BILLING_TIMEOUT_MS = 2_000;

  /** How long a price quote from billing is reused for the same organization, country and segments (0: never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OTP_QUOTE_CACHE_MS = 10_000;

  /**
   * Hold an OTP's price with the organization's prepaid allowance in Redis (no billing RPC on the live
   * path); a refused spend falls back to billing's reservation. Either way billing charges the code the
   * price of the route it took (nothing when it failed). `false` reserves every code with billing.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : value))
  @IsBoolean()
  OTP_PREPAID_ALLOWANCE = true;

  /** Ask billing for another allowance block when a spend leaves less than this (minor units). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OTP_ALLOWANCE_LOW_WATER = 100;

  /** Minor units one allowance refill asks for (0: billing's block size, BILLING_ALLOWANCE_BLOCK). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OTP_ALLOWANCE_REFILL_AMOUNT = 0;
}
