import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CreateCheckoutUseCase } from './create-checkout.use-case';
import { HandleStripeWebhookUseCase } from './handle-stripe-webhook.use-case';
import { StripeClient } from './stripe-client';
import { StripeController } from './stripe.controller';

/** Prepaid top-ups through Stripe Checkout, and the signed webhooks that credit (and refund) them. */
@Module({
  imports: [LedgerModule],
  controllers: [StripeController],
  providers: [StripeClient, CreateCheckoutUseCase, HandleStripeWebhookUseCase],
})
export class StripeModule {}
