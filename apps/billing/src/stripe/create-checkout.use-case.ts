import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingErrorCode, CheckoutSessionView, CreateCheckoutRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { BillingError } from '../shared/billing-error';
import { StripeClient } from './stripe-client';

/** A Stripe Checkout Session for a top-up; the organization rides in its metadata and the session is recorded. */
@Injectable()
export class CreateCheckoutUseCase {
  private readonly logger = new Logger(CreateCheckoutUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stripe: StripeClient,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: CreateCheckoutRequest): Promise<CheckoutSessionView> {
    const { BILLING_CHECKOUT_MIN_AMOUNT: min, BILLING_CHECKOUT_MAX_AMOUNT: max, BILLING_CURRENCY: currency } = this.settings;
    const api = this.stripe.api;
    if (request.amount < min || request.amount > max) {
      throw new BillingError(BillingErrorCode.AmountOutOfRange, `a top-up is between ${min} and ${max} (minor units of ${currency})`, { min, max });
    }
    const metadata = { organizationId: request.organizationId, userId: request.userId };
    const session = await api.checkout.sessions
      .create({
        mode: 'payment',
        client_reference_id: request.organizationId,
        line_items: [
          { quantity: 1, price_data: { currency: currency.toLowerCase(), unit_amount: request.amount, product_data: { name: 'Zagel balance top-up' } } },
        ],
        metadata,
        // Refunds arrive as charge events: the charge inherits the payment intent's metadata.
        payment_intent_data: { metadata },
        success_url: this.settings.BILLING_CHECKOUT_SUCCESS_URL,
        cancel_url: this.settings.BILLING_CHECKOUT_CANCEL_URL,
      })
      .catch((error: unknown) => {
        this.logger.warn(`Stripe refused a checkout session: ${error instanceof Error ? error.message : String(error)}`);
        throw new BillingError(BillingErrorCode.PaymentProviderUnavailable, 'the payment provider did not create a checkout session; try again');
      });
    if (!session.url) throw new BillingError(BillingErrorCode.PaymentProviderUnavailable, 'the payment provider returned no checkout URL');
    await this.dataSource.query(
      `INSERT INTO checkout_sessions (id, organization_id, created_by, amount, currency, url) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING`,
      [session.id, request.organizationId, request.userId, request.amount, currency, session.url],
    );
    return { sessionId: session.id, url: session.url, amount: request.amount, currency };
  }
}
