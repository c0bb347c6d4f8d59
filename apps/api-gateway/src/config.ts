import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

export const REFRESH_COOKIE_SECURE_MODES = ['always', 'auto', 'never'] as const;
export type RefreshCookieSecureMode = (typeof REFRESH_COOKIE_SECURE_MODES)[number];

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
    : value;

/** api-gateway settings: the platform's, plus the public edge's. */
export class ApiGatewayConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['api-gateway'];

  /** Largest request body accepted (JSON); larger ones get 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(104_857_600)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  /** Largest CSV file a campaign upload takes (it is streamed, never held whole); larger ones get 413 `file_too_large`. */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  CAMPAIGN_MAX_BYTES = 536_870_912;

  /** Browser origins allowed by CORS, comma-separated; empty: none. */
  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Requests per minute one API key may make. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_KEY_PER_MINUTE = 600;

  /** Requests per minute all keys and users of one organization may make together. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_ORG_PER_MINUTE = 1_200;

  /** Requests per minute from one client IP address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_IP_PER_MINUTE = 300;

  /** How long a resolved API key is cached in Redis (a revocation clears it at once). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600)
  API_KEY_CACHE_TTL_SECONDS = 60;

  /**
   * The most live requests (OTP starts, checks, resends, single sends) one instance serves at once: the
   * upper bound of the adaptive limit. Past the limit a request is answered at once with 503
   * `live_capacity_exceeded` and Retry-After instead of queueing.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  GATEWAY_LIVE_MAX_IN_FLIGHT = 200;

  /** The fewest live requests the adaptive limit admits at once, however slow the answers (capped by the maximum). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  GATEWAY_LIVE_MIN_IN_FLIGHT = 16;

  /**
   * The highest mean latency of live answers the adaptive limit aims for: it shrinks when answers take
   * longer than the idle latency × 4 or this, whichever is lower, and grows while they do not.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  GATEWAY_LIVE_LATENCY_TARGET_MS = 250;

  /**
   * The gateway sits behind a proxy that sets X-Forwarded-Proto/Host: webhook signatures are then checked
   * against the public URL those headers give. Off unless that proxy exists (the headers could be forged).
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value === 'true' : value))
  @IsBoolean()
  TRUST_FORWARDED_HEADERS = false;

  /**
   * Whether the refresh cookie (set by register, login and refresh for the dashboard) carries `Secure`:
   * `always`; `auto`, always except on a plain-http request to a loopback host (local development);
   * `never`. Unset: `always` when NODE_ENV is production, `auto` otherwise.
   */
  @IsOptional()
  @IsIn(REFRESH_COOKIE_SECURE_MODES)
  REFRESH_COOKIE_SECURE?: RefreshCookieSecureMode;

  /**
   * The SMPP 3.4 server's TCP port (customers' ESMEs bind with an API key's id and the key itself). Unset: no
   * SMPP server (it is one more public port; docker-compose and the Kubernetes Service open 2775).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  SMPP_PORT?: number;

  /** Most submit_sm one SMPP session may have unanswered (its window); past it a submit gets ESME_RTHROTTLED. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SMPP_MAX_OUTSTANDING_SUBMITS = 100;

  /** How long delivery receipts wait for a receiver of their API key to bind. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SMPP_RECEIPT_RETENTION_HOURS = 72;

  get refreshCookieSecureMode(): RefreshCookieSecureMode {
    return this.REFRESH_COOKIE_SECURE ?? (this.NODE_ENV === 'production' ? 'always' : 'auto');
  }
}
