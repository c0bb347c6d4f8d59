import { BillingCallErrorCode, ServiceError } from '@zagel/contracts';

/**
 * Billing refused or failed a call. Its codes are also in ingestion's and otp's enums, so a use
 * case lets it through as its own answer: `insufficient_funds` (details `shortfall`, `available`,
 * `currency`), `billing_refused` (details `billingCode`), `billing_unavailable`.
 */
export class BillingCallError extends ServiceError<BillingCallErrorCode> {}
