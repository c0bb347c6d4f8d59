import { IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** How the simulated provider behaves; the defaults accept and deliver everything at once. */
export class SimulatorSettings {
  /** Submit latency. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  /** Share of submits failing with a transient error (0..1), at random. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  transientFailureRate?: number;

  /** Share of submits failing with a permanent, provider-side error (0..1), at random. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  permanentFailureRate?: number;

  /** Deterministic: the first N submits of this account (per process) fail transiently. */
  @IsOptional()
  @IsInt()
  @Min(0)
  failTransientlyTimes?: number;

  /** Deterministic: every submit fails transiently (a provider that is down). */
  @IsOptional()
  @IsBoolean()
  down?: boolean;

  /** Deterministic: numbers ending in one of these fail permanently with `invalid_number`. */
  @IsOptional()
  @IsArray()
  @Matches(/^\d{1,8}$/, { each: true })
  invalidNumberSuffixes?: string[];

  /** Deterministic: numbers ending in one of these get an `undelivered` report. */
  @IsOptional()
  @IsArray()
  @Matches(/^\d{1,8}$/, { each: true })
  undeliveredSuffixes?: string[];

  /** Delay before the delivery report; absent: no report (the message stays `sent`). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  reportDelayMs?: number;

  /** Share of reports that say `delivered` (0..1); the rest say `undelivered`. Default 1. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  deliveredRatio?: number;

  /** Report before the submit returns (it arrives before the provider message id is known). */
  @IsOptional()
  @IsBoolean()
  reportBeforeResponse?: boolean;

  /** HMAC-SHA256 key for reports posted to the webhook (header `x-simulator-signature`); absent: unsigned reports accepted. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  webhookSecret?: string;

  /** Largest message in segments. Default 10. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number;
}
