import { BillingErrorCode, StripeErrorCode } from '@zagel/contracts';
import { exposeRemoteErrors } from '../problem-details/rpc-error-problems';

/** Billing's error codes as HTTP statuses, and the details a client may see. */
export function exposeBillingErrors(): void {
  exposeRemoteErrors(
    {
      [BillingErrorCode.InsufficientFunds]: 402,
      [StripeErrorCode.NotConfigured]: 503,
      [StripeErrorCode.InvalidSignature]: 400,
      [StripeErrorCode.AmountOutOfRange]: 422,
      [StripeErrorCode.StripeUnavailable]: 502,
      price_not_found: 404,
      price_exists: 409,
      default_price_required: 409,
      adjustment_conflict: 409,
    },
    ['shortfall', 'available', 'currency', 'min', 'max'],
  );
}
