import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { BillingErrorCode } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { BillingError } from '../shared/billing-error';

/** The Stripe SDK, pointed where the settings say (a local server in tests); absent when no key is set. */
@Injectable()
export class StripeClient {
  private client?: Stripe;

  constructor(private readonly settings: BillingConfig) {}

  get api(): Stripe {
    const key = this.settings.STRIPE_SECRET_KEY;
    if (!key) throw new BillingError(BillingErrorCode.NotConfigured, 'payments are not configured on this platform (no Stripe key)');
    this.client ??= new Stripe(key, {
      maxNetworkRetries: 1,
      timeout: 10_000,
      ...(this.settings.STRIPE_API_HOST ? { host: this.settings.STRIPE_API_HOST } : {}),
      ...(this.settings.STRIPE_API_PORT ? { port: this.settings.STRIPE_API_PORT } : {}),
      ...(this.settings.STRIPE_API_PROTOCOL ? { protocol: this.settings.STRIPE_API_PROTOCOL } : {}),
    });
    return this.client;
  }

  /** Verifies the signature over the exact body bytes; throws invalid_stripe_signature. */
  verifiedEvent(body: Buffer, signature: string): Stripe.Event {
    const secret = this.settings.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw new BillingError(BillingErrorCode.NotConfigured, 'Stripe webhooks are not configured on this platform (no webhook secret)');
    try {
      return Stripe.webhooks.constructEvent(body, signature, secret);
    } catch {
      throw new BillingError(BillingErrorCode.InvalidStripeSignature, 'the Stripe signature does not match this body');
    }
  }
}
