import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** billing settings: the platform's, plus the currency, reservation, reward and Stripe knobs. */
export class BillingConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['billing'];

  /** The one currency customers prepay in (ISO 4217); every amount is an integer of its minor unit. */
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  BILLING_CURRENCY = 'USD';

  /** A reservation nobody captures or releases is released after this long (unless the caller set its own). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  BILLING_RESERVATION_TTL_SECONDS = 6 * 3600;

  /** How often each instance releases expired reservations (instances share the work with SKIP LOCKED). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  BILLING_SWEEP_INTERVAL_MS = 30_000;

  /** How often each instance re-sums the latest ledger transactions (zagel_billing_unbalanced_ledger_transactions). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  BILLING_LEDGER_AUDIT_INTERVAL_MS = 60_000;

  /** Minor units a prepaid allowance block holds when the refill does not ask for an amount. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BILLING_ALLOWANCE_BLOCK = 2_000;

  /** An allowance closes this long after it opened: what was spent is captured, the rest goes back to the wallet. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  BILLING_ALLOWANCE_TTL_SECONDS = 3_600;

  /** How often each instance settles the spent allowances into captures (one per allowance). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  BILLING_ALLOWANCE_SETTLE_INTERVAL_MS = 1_000;

  /** `billing.low-balance` is announced when a wallet's available balance falls below this (minor units; 0 = never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  BILLING_LOW_BALANCE_THRESHOLD = 500;

  /** Reward tokens a phone owner earns for one SMS verified (OTP) or delivered (other traffic). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  REWARD_TOKENS_PER_SMS = 1;

  /** Smallest and largest Stripe top-up, minor units. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BILLING_CHECKOUT_MIN_AMOUNT = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  BILLING_CHECKOUT_MAX_AMOUNT = 1_000_000;

  @IsUrl({ require_tld: false })
  BILLING_CHECKOUT_SUCCESS_URL = 'http://localhost:3000/app/billing?checkout=success';

  @IsUrl({ require_tld: false })
  BILLING_CHECKOUT_CANCEL_URL = 'http://localhost:3000/app/billing?checkout=canceled';

  /** Without it, checkout answers billing_not_configured and everything else works. */
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Where the Stripe SDK connects (tests point it at a local server that speaks Stripe's API). */
  @IsOptional()
  @IsString()
  STRIPE_API_HOST?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  STRIPE_API_PORT?: number;

  @IsOptional()
  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL?: 'http' | 'https';
}
