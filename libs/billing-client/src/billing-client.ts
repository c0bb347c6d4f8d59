import {
  BillingCallErrorCode,
  BillingErrorCode,
  CaptureReservation,
  CaptureReservationRequest,
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
  RpcContract,
} from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { BillingCallError } from './billing-call-error';

/**
 * How the client reaches billing: a `BusClient` for billing (`@InjectBusClient('billing')`) is one;
 * anything that sends billing a typed request and awaits its reply will do.
 */
export interface BillingRpc {
  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req, options?: { timeoutMs?: number }): Promise<Res>;
}

export interface BillingClientOptions {
  /** Deadline of each call; default: the RPC layer's own. */
  timeoutMs?: number;
  /** Deadline of `reserveMany`, which locks a wallet for a whole batch. Default 30 s. */
  bulkTimeoutMs?: number;
  /** Reuse a quote this long (prices change rarely and billing captures the price of the route taken). Default 0: never. */
  quoteCacheMs?: number;
}

const DEFAULT_BULK_TIMEOUT_MS = 30_000;
const QUOTE_CACHE_ENTRIES = 10_000;
const BILLING_CODES: ReadonlySet<string> = new Set(Object.values(BillingErrorCode));
const SETTLED: ReadonlySet<string> = new Set([BillingErrorCode.ReservationClosed, BillingErrorCode.ReservationNotFound]);

/**
 * Billing's RPCs for the services that price and reserve their sends. A failure comes back as a
 * BillingCallError: billing's own refusals (a code from BillingErrorCode) as `insufficient_funds` or
 * `billing_refused`; anything else (no answer in time, an internal error, a database SQLSTATE) as
 * `billing_unavailable`, without billing's internal message.
 */
export class BillingClient {
  private readonly quotes = new Map<string, { quote: PriceQuote; until: number }>();

  constructor(
    private readonly rpc: BillingRpc,
    private readonly options: BillingClientOptions = {},
  ) {}

  async quote(request: QuotePriceRequest): Promise<PriceQuote> {
    const cacheMs = this.options.quoteCacheMs ?? 0;
    const key = JSON.stringify([request.organizationId, request.country, request.messageType, request.route ?? null, request.segments]);
    const cached = cacheMs > 0 ? this.quotes.get(key) : undefined;
    if (cached && cached.until > Date.now()) return cached.quote;
    const quote = await this.call(QuotePrice, request);
    if (cacheMs > 0) {
      if (this.quotes.size >= QUOTE_CACHE_ENTRIES) this.quotes.clear();
      this.quotes.set(key, { quote, until: Date.now() + cacheMs });
    }
    return quote;
  }

  reserve(request: ReserveBalanceRequest): Promise<ReservationView> {
    return this.call(ReserveBalance, request);
  }

  reserveMany(request: ReserveManyRequest): Promise<ReserveManyReply> {
    return this.call(ReserveMany, request, this.options.bulkTimeoutMs ?? DEFAULT_BULK_TIMEOUT_MS);
  }

  capture(request: CaptureReservationRequest): Promise<ReservationView> {
    return this.call(CaptureReservation, request);
  }

  /** Frees what was reserved for `reference`; a reservation already closed or never made is fine. */
  async release(organizationId: string, reference: string): Promise<void> {
    try {
      await this.rpc.call(ReleaseReservation, { organizationId, reference }, this.callOptions());
    } catch (error) {
      if (error instanceof RpcRemoteError && SETTLED.has(error.code)) return;
      throw billingCallError(error);
    }
  }

  private async call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, request: Req, timeoutMs?: number): Promise<Res> {
    try {
      return await this.rpc.call(contract, request, this.callOptions(timeoutMs));
    } catch (error) {
      throw billingCallError(error);
    }
  }

  private callOptions(timeoutMs = this.options.timeoutMs): { timeoutMs?: number } {
    return timeoutMs === undefined ? {} : { timeoutMs };
  }
}

function billingCallError(error: unknown): BillingCallError {
  if (!(error instanceof RpcRemoteError) || !BILLING_CODES.has(error.code)) {
    return new BillingCallError(BillingCallErrorCode.BillingUnavailable, 'Billing did not answer; nothing was reserved. Try again shortly.', undefined, {
      cause: error,
    });
  }
  if (error.code === BillingErrorCode.InsufficientFunds) {
    const details = error.details ?? {};
    return new BillingCallError(BillingCallErrorCode.InsufficientFunds, 'The balance does not cover this send; top up and try again.', {
      shortfall: details.shortfall,
      available: details.available,
      currency: details.currency,
    });
  }
  return new BillingCallError(BillingCallErrorCode.BillingRefused, `Billing refused: ${error.message}`, { billingCode: error.code });
}
