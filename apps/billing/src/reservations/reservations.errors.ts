import { BillingErrorCode } from '@zagel/contracts';
import { BillingError } from '../shared/billing-error';

export function insufficientFunds(amount: number, available: number, currency: string): BillingError {
  const shortfall = amount - Math.max(available, 0);
  return new BillingError(BillingErrorCode.InsufficientFunds, `the balance is ${shortfall} short of ${amount}`, {
    shortfall,
    available,
    currency,
  });
}

/**
 * Without a stack trace: a status batch of a campaign (whose messages share one reservation, not one
 * each) gives one per message, twice (sent, delivered), and capturing the stack cost more than the rest
 * of settling them. The code and reference say all there is to say.
 */
export function reservationNotFound(reference: string): BillingError {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new BillingError(BillingErrorCode.ReservationNotFound, `there is no reservation with reference ${reference}`);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function reservationClosed(reference: string, status: string): BillingError {
  return new BillingError(BillingErrorCode.ReservationClosed, `the reservation ${reference} is already ${status}`, { status });
}
