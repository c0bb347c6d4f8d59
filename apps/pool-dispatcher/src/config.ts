import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

export const DISPATCH_STRATEGIES = ['fill-first', 'round-robin', 'least-recently-used'] as const;
export type DispatchStrategy = (typeof DISPATCH_STRATEGIES)[number];

/** pool-dispatcher settings: the platform's, plus how phones are chosen, watched and punished. */
export class PoolDispatcherConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['pool-dispatcher'];

  /** How a pool picks its next phone. */
  @IsIn(DISPATCH_STRATEGIES)
  DISPATCH_STRATEGY: DispatchStrategy = 'fill-first';

  /** SMS a phone sends per UTC day unless its owner set another quota. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  DEVICE_DEFAULT_DAILY_QUOTA = 5;

  /** How long a phone has to accept (ack) a push before the message moves on. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  DEVICE_ACK_TIMEOUT_MS = 5_000;

  /**
   * Messages one phone may hold at once (pushed, not yet `sent`/`failed`): the device-gateway's
   * setting of the same name, so the dispatcher never pushes to a phone the gateway would refuse.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEVICE_MAX_IN_FLIGHT = 2;

  /** How long, after accepting, a phone has to report `sent`. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DEVICE_SEND_TIMEOUT_MS = 60_000;

  /** How long a phone dropped from the pool stays out of it. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEVICE_COOLDOWN_SECONDS = 600;

  /** Phones a message is tried on before it goes to the providers (or fails). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  DEVICE_MAX_ATTEMPTS = 3;

  /** A phone whose health score falls below this is quarantined until an operator releases it. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVICE_QUARANTINE_SCORE = 0.4;

  /** How often every instance looks for lease deadlines that have passed. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  LEASE_POLL_INTERVAL_MS = 100;

  /**
   * How often the canary scheduler looks at the online phones. Each look sends a phone a canary with
   * probability CANARY_MAX_PER_DAY × interval ÷ 24 h, so a phone gets about CANARY_MAX_PER_DAY a day, at
   * times it cannot predict.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  CANARY_INTERVAL_MS = 600_000;

  /** Canaries per phone per rolling 24 hours, at most: each is one SMS its owner's SIM pays for and is not rewarded for. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  CANARY_MAX_PER_DAY = 2;

  /** How long a canary has to arrive once pushed; one the phone claimed sent that has not arrived by then is missed. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  CANARY_DEADLINE_MS = 900_000;

  /** Provider inbound numbers (E.164, comma-separated) canaries go to when no other pool phone can receive one. */
  @IsOptional()
  @IsString()
  @Matches(/^(\+[1-9]\d{6,14}(,\+[1-9]\d{6,14})*)?$/, { message: 'CANARY_INBOUND_NUMBERS must be E.164 numbers separated by commas' })
  CANARY_INBOUND_NUMBERS?: string;

  /** The window of evidence (verified OTPs, canaries) a phone's proven-delivery rate is computed over. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEVICE_PROOF_WINDOW_HOURS = 168;

  /** Canary outcomes a phone (and, apart from it, its pool) needs in the window before it can be quarantined on its rate. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEVICE_PROOF_MIN_CANARIES = 4;

  /** A phone whose proven-delivery rate is below this share of its pool's is quarantined. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVICE_PROOF_QUARANTINE_RATIO = 0.5;

  /**
   * What a verified OTP weighs in the rate against a canary (1): OTPs are proven, but a phone can tell
   * them from other traffic, so a phone that delivers OTPs and drops the rest must not outweigh its canaries.
   */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVICE_PROOF_OTP_WEIGHT = 0.25;

  /** How often online phones are put back into their pools (new UTC day, cool-down over). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  POOL_REFRESH_INTERVAL_MS = 30_000;
}
