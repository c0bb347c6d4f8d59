import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CreateCheckoutUseCase } from './create-checkout.use-case';
import { HandleStripeWebhookUseCase } from './handle-stripe-webhook.use-case';
import { StripeClient } from './stripe-client';
import { StripeRpcHandlers } from './stripe.rpc-handlers';

/** Prepaid top-ups through Stripe Checkout, and the signed webhooks that credit (and refund) them. */
@Module({
  imports: [LedgerModule],
  providers: [StripeClient, CreateCheckoutUseCase, HandleStripeWebhookUseCase, StripeRpcHandlers],
})
export class StripeModule {}
