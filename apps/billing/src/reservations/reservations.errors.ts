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

export function reservationNotFound(reference: string): BillingError {
  return new BillingError(BillingErrorCode.ReservationNotFound, `there is no reservation with reference ${reference}`);
}

export function reservationClosed(reference: string, status: string): BillingError {
  return new BillingError(BillingErrorCode.ReservationClosed, `the reservation ${reference} is already ${status}`, { status });
}
