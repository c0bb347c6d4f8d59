import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** provider-sender settings: the platform's, plus retries, circuit breaking and the secrets key. */
export class ProviderSenderConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['provider-sender'];

  /**
   * 32 bytes, base64 or hex: encrypts provider credentials at rest (AES-256-GCM). Required except on a
   * developer machine (no ZAGEL_NAMESPACE, NODE_ENV not production), where a fixed development key is used.
   */
  @IsOptional()
  @IsString()
  PROVIDER_SECRETS_KEY?: string;

  /** Retries of a transient failure on one provider before the chain moves on (tries = retries + 1). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  PROVIDER_MAX_RETRIES = 2;

  /** First retry delay; each further retry doubles it (with jitter), up to PROVIDER_RETRY_MAX_DELAY_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  PROVIDER_RETRY_BASE_DELAY_MS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  PROVIDER_RETRY_MAX_DELAY_MS = 60_000;

  /** Consecutive transient failures that open a provider's circuit. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PROVIDER_CIRCUIT_FAILURE_THRESHOLD = 5;

  /** How long an open circuit stays open before one probe message is let through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  PROVIDER_CIRCUIT_COOLDOWN_MS = 30_000;

  /** A submit that takes longer counts as a transient failure (timeout). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  PROVIDER_SUBMIT_TIMEOUT_MS = 15_000;

  /**
   * How long a provider may still take a submit after Zagel stopped waiting for its answer (a timeout, a
   * lost connection). Where the provider can say whether it holds a message, the retry of such a submit
   * waits this long and asks before sending again. Absent: PROVIDER_SUBMIT_TIMEOUT_MS.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  PROVIDER_ACCEPTANCE_WINDOW_MS?: number;

  /** How long accounts and routes are cached per instance (admin changes on this instance apply at once). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PROVIDER_CONFIG_CACHE_MS = 5_000;

  /**
   * Delivery polling for providers without callbacks (SMS.IR, Kavenegar, SNS): the waits before each poll of a `sent`
   * message, in milliseconds, the last one repeating until the message is final or expires.
   */
  @Matches(/^\d+(\s*,\s*\d+)*$/, { message: 'must be comma-separated milliseconds' })
  DELIVERY_POLL_DELAYS_MS = '30000,60000,120000,300000,600000,1800000';

  /** How often each instance looks for polls that fell due. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  DELIVERY_POLL_INTERVAL_MS = 5_000;

  /** The longest a message without an expiry is polled (72 h: providers keep reports about that long). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  DELIVERY_POLL_MAX_AGE_MS = 259_200_000;

  /** The public base URL of the api-gateway, for delivery-report callback URLs handed to providers. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  PROVIDER_REPORT_BASE_URL?: string;
}
