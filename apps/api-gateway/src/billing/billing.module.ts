import { Module } from '@nestjs/common';
import { AdminBillingController } from './admin-billing.controller';
import { BillingController } from './billing.controller';
import { RewardsController } from './rewards.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

/** The public face of the billing service: wallet, prices, top-ups, Stripe webhooks, rewards, admin. */
@Module({ controllers: [BillingController, StripeWebhookController, AdminBillingController, RewardsController] })
export class BillingModule {}
