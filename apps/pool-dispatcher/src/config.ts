import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

export const DISPATCH_STRATEGIES = ['fill-first', 'round-robin', 'least-recently-used'] as const;
export type DispatchStrategy = (typeof DISPATCH_STRATEGIES)[number];

export const NUMBER_PROOF_MODES = ['required', 'off'] as const;
export type NumberProofMode = (typeof NUMBER_PROOF_MODES)[number];

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
   * `required`: a new phone gets no traffic until it proves its number (a code sent to the number
   * comes back through its `sms:received`, or its owner types it). `off` trusts the number at
   * registration: only for simulated fleets on a local platform, never where strangers register.
   */
  @IsIn(NUMBER_PROOF_MODES)
  DEVICE_NUMBER_PROOF: NumberProofMode = 'required';

  /** Key of the proof codes' HMAC (32+ random characters); required in production. */
  @ValidateIf((settings: PoolDispatcherConfig) => settings.NODE_ENV === 'production' || settings.DEVICE_PROOF_HMAC_KEY !== undefined)
  @IsString({ message: 'DEVICE_PROOF_HMAC_KEY must be set in production (32 characters or more)' })
  @MinLength(32, { message: 'DEVICE_PROOF_HMAC_KEY must be 32 characters or more' })
  DEVICE_PROOF_HMAC_KEY?: string;

  /** How often online phones are put back into their pools (new UTC day, cool-down over). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  POOL_REFRESH_INTERVAL_MS = 30_000;
}
