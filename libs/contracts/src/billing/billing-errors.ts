/** Stable error codes billing answers its RPCs with; the gateway maps each to an HTTP problem. */
export const BillingErrorCode = {
  /** Details `{ shortfall, available, currency }`. */
  InsufficientFunds: 'insufficient_funds',
  ReservationNotFound: 'reservation_not_found',
  /** Details `{ status }`. */
  ReservationClosed: 'reservation_closed',
  PriceNotFound: 'price_not_found',
  PriceExists: 'price_exists',
  DefaultPriceRequired: 'default_price_required',
  AdjustmentConflict: 'adjustment_conflict',
  /** No Stripe key or webhook secret on this platform. */
  NotConfigured: 'billing_not_configured',
  InvalidStripeSignature: 'invalid_stripe_signature',
  /** Details `{ min, max }`. */
  AmountOutOfRange: 'amount_out_of_range',
  PaymentProviderUnavailable: 'payment_provider_unavailable',
} as const;
export type BillingErrorCode = (typeof BillingErrorCode)[keyof typeof BillingErrorCode];

/**
 * What a service that prices and reserves its sends with billing answers its own callers when
 * billing refuses or fails (the same codes in ingestion's and otp's enums).
 */
export const BillingCallErrorCode = {
  /** Details `{ shortfall, available, currency }`. */
  InsufficientFunds: 'insufficient_funds',
  /** Billing said no for another reason (no price for the destination, ...). */
  BillingRefused: 'billing_refused',
  /** Billing did not answer in time, or failed inside: nothing was reserved. */
  BillingUnavailable: 'billing_unavailable',
} as const;
export type BillingCallErrorCode = (typeof BillingCallErrorCode)[keyof typeof BillingCallErrorCode];
