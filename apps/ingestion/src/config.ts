import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

const toBoolean = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : value);

/** Used only outside production, so a development machine starts without secrets. */
export const DEVELOPMENT_WEBHOOKS_SECRET_KEY = 'zagel-development-webhook-secrets-key-not-for-production';

/** ingestion settings: the platform's, plus scheduling and customer callbacks. */
export class IngestionConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['ingestion'];

  /** Allow callbacks to loopback, private and link-local addresses (local development and tests only). */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE = false;

  /** Encrypts the organizations' webhook signing secrets at rest; required in production. */
  @ValidateIf((settings: IngestionConfig) => settings.NODE_ENV === 'production' || settings.WEBHOOKS_SECRET_KEY !== undefined)
  @IsString({ message: 'WEBHOOKS_SECRET_KEY must be set in production (32 characters or more)' })
  @MinLength(32)
  WEBHOOKS_SECRET_KEY?: string;

  /** How long a callback is retried before it is given up. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  WEBHOOKS_RETRY_WINDOW_SECONDS = 86_400;

  /** First retry delay; each further one doubles, up to WEBHOOKS_RETRY_MAX_DELAY_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOKS_RETRY_BASE_DELAY_SECONDS = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOKS_RETRY_MAX_DELAY_SECONDS = 3_600;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOKS_TIMEOUT_MS = 10_000;

  /** An endpoint is disabled after this many failures in a row ... */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOKS_DISABLE_AFTER_FAILURES = 20;

  /** ... that went on for at least this long. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  WEBHOOKS_DISABLE_AFTER_SECONDS = 86_400;

  @Type(() => Number)
  @IsInt()
  @Min(50)
  WEBHOOKS_POLL_INTERVAL_MS = 1_000;

  /** How often every instance looks for scheduled messages that are due. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  SCHEDULER_POLL_INTERVAL_MS = 1_000;

  webhooksSecretKey(): string {
    return this.WEBHOOKS_SECRET_KEY ?? DEVELOPMENT_WEBHOOKS_SECRET_KEY;
  }
}
