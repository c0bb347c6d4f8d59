import { Injectable } from '@nestjs/common';
import {
  BillingErrorCode,
  IngestionErrorCode,
  PriceQuote,
  QuotePrice,
  QuotePriceRequest,
  ReleaseReservation,
  ReservationView,
  ReserveBalance,
  ReserveBalanceRequest,
  ReserveMany,
  ReserveManyReply,
  ReserveManyRequest,
} from '@zagel/contracts';
import { BusClient, InjectBusClient, RpcErrorCode, RpcRemoteError } from '@zagel/messaging';
import { IngestionError } from '../shared/ingestion-error';

const BULK_TIMEOUT_MS = 30_000;

/** The billing RPCs ingestion needs, with billing's failures turned into ingestion's error codes. */
/**
 * Billing's own error codes are snake_case words (`price_not_found`, ...). The bus answers `internal`
 * for an error without a code, and passes on whatever `code` an error carries: a database error's
 * SQLSTATE (`53300`) is billing failing, not refusing.
 */
function isBillingRefusal(code: string): boolean {
  return code !== RpcErrorCode.Internal && /^[a-z]+(_[a-z]+)*$/.test(code);
}

@Injectable()
export class BillingClient {
  constructor(@InjectBusClient('billing') private readonly billing: BusClient) {}

  quote(request: QuotePriceRequest): Promise<PriceQuote> {
    return this.call(() => this.billing.call(QuotePrice, request));
  }

  reserve(request: ReserveBalanceRequest): Promise<ReservationView> {
    return this.call(() => this.billing.call(ReserveBalance, request));
  }

  reserveMany(request: ReserveManyRequest): Promise<ReserveManyReply> {
    return this.call(() => this.billing.call(ReserveMany, request, { timeoutMs: BULK_TIMEOUT_MS }));
  }

  /** Releases what was reserved for `reference`; a reservation already closed or never made is fine. */
  async release(organizationId: string, reference: string): Promise<void> {
    try {
      await this.billing.call(ReleaseReservation, { organizationId, reference });
    } catch (error) {
      const settled = [BillingErrorCode.ReservationClosed, BillingErrorCode.ReservationNotFound] as string[];
      if (error instanceof RpcRemoteError && settled.includes(error.code)) return;
      throw error;
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RpcRemoteError && error.code === BillingErrorCode.InsufficientFunds) {
        const details = error.details ?? {};
        throw new IngestionError(IngestionErrorCode.InsufficientFunds, 'the balance does not cover this message', {
          shortfall: details.shortfall,
          available: details.available,
          currency: details.currency,
        });
      }
      if (error instanceof IngestionError) throw error;
      // Only billing's own answers are refusals: any other code is billing failing inside (a
      // database error's SQLSTATE, `internal`), which the customer must see as unavailable, unexplained.
      if (error instanceof RpcRemoteError && isBillingRefusal(error.code)) {
        throw new IngestionError(IngestionErrorCode.BillingRefused, `billing refused: ${error.message}`, { billingCode: error.code });
      }
      if (error instanceof RpcRemoteError) {
        throw new IngestionError(IngestionErrorCode.BillingUnavailable, 'billing could not price or reserve the message');
      }
      throw new IngestionError(
        IngestionErrorCode.BillingUnavailable,
        `billing could not price or reserve the message: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

