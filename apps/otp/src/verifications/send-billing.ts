import { Inject, Injectable, Logger } from '@nestjs/common';
import { BillingErrorCode, OtpErrorCode, QuotePrice, ReleaseReservation, ReserveBalance } from '@zagel/contracts';
import { BusClient, InjectBusClient, RpcRemoteError } from '@zagel/messaging';
import { OtpConfig } from '../config';
import { OtpError } from '../shared/otp-error';

const QUOTE_CACHE_ENTRIES = 10_000;

export interface PricedSend {
  organizationId: string;
  messageId: string;
  country: string;
  segments: number;
  expirySeconds: number;
}

/**
 * Reserves a send's price with billing before anything goes out (reference = the message id); billing
 * captures or releases it itself when the message's fate is reported.
 */
@Injectable()
export class SendBilling {
  private readonly logger = new Logger(SendBilling.name);
  private readonly quotes = new Map<string, { amount: number; until: number }>();

  constructor(
    @InjectBusClient('billing') private readonly billing: BusClient,
    @Inject(OtpConfig) private readonly config: OtpConfig,
  ) {}

  async reserve(send: PricedSend): Promise<void> {
    const timeoutMs = this.config.OTP_BILLING_TIMEOUT_MS;
    const pricing = { country: send.country, messageType: 'otp' as const, segments: send.segments };
    try {
      const amount = await this.quote(send.organizationId, pricing);
      await this.billing.call(
        ReserveBalance,
        {
          organizationId: send.organizationId,
          amount,
          reference: send.messageId,
          pricing,
          expiresInSeconds: send.expirySeconds,
        },
        { timeoutMs },
      );
    } catch (error) {
      if (error instanceof RpcRemoteError && error.code === BillingErrorCode.InsufficientFunds) {
        const details = error.details ?? {};
        throw new OtpError(OtpErrorCode.InsufficientFunds, 'The balance does not cover this verification; top up and try again.', {
          shortfall: details.shortfall,
          available: details.available,
          currency: details.currency,
        });
      }
      if (error instanceof RpcRemoteError) throw error;
      throw new OtpError(OtpErrorCode.BillingUnavailable, 'Billing did not answer; nothing was sent. Try again shortly.');
    }
  }

  /**
   * Prices change rarely and billing captures the price of the route actually taken, so a quote is
   * reused for OTP_QUOTE_CACHE_MS: it saves a bus round trip on every send.
   */
  private async quote(organizationId: string, pricing: { country: string; messageType: 'otp'; segments: number }): Promise<number> {
    const key = `${organizationId}:${pricing.country}:${pricing.segments}`;
    const cached = this.quotes.get(key);
    if (cached && cached.until > Date.now()) return cached.amount;
    const quote = await this.billing.call(QuotePrice, { organizationId, ...pricing }, { timeoutMs: this.config.OTP_BILLING_TIMEOUT_MS });
    if (this.quotes.size >= QUOTE_CACHE_ENTRIES) this.quotes.clear();
    this.quotes.set(key, { amount: quote.amount, until: Date.now() + this.config.OTP_QUOTE_CACHE_MS });
    return quote.amount;
  }

  /** Best effort after a failure between the reservation and the commit; billing's expiry is the backstop. */
  async release(organizationId: string, messageId: string): Promise<void> {
    try {
      await this.billing.call(ReleaseReservation, { organizationId, reference: messageId }, { timeoutMs: this.config.OTP_BILLING_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn(`release of the reservation for ${messageId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
