import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, MaxLength, Min } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export class CreateCheckoutRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  userId: string;

  /** Minor units of the platform currency. */
  @ApiProperty({ minimum: 1, example: 2_000, description: 'Minor units of the platform currency.' })
  @IsInt()
  @Min(1)
  amount: number;
}

export class CheckoutSessionView {
  @ApiProperty({ example: 'cs_test_a1b2c3' })
  @IsString()
  sessionId: string;

  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3', description: 'Send the customer here to pay.' })
  @IsUrl({ require_tld: false })
  url: string;

  @ApiProperty({ example: 2_000 })
  @IsInt()
  amount: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;
}

/** A webhook delivery as the gateway received it: the exact body bytes and Stripe's signature header. */
export class StripeWebhookRequest {
  @IsBase64()
  @MaxLength(2_000_000)
  payloadBase64: string;

  @IsString()
  @MaxLength(2_000)
  signature: string;
}

export const STRIPE_WEBHOOK_OUTCOMES = ['credited', 'debited', 'duplicate', 'ignored'] as const;
export type StripeWebhookOutcome = (typeof STRIPE_WEBHOOK_OUTCOMES)[number];

export class StripeWebhookReply {
  @IsString()
  eventId: string;

  @IsIn(STRIPE_WEBHOOK_OUTCOMES)
  outcome: StripeWebhookOutcome;

  @IsOptional()
  @IsString()
  type?: string;
}

/** Errors: `billing_not_configured` (no Stripe key/secret), `amount_out_of_range` (details min, max), `payment_provider_unavailable`. */
export const CreateCheckout = defineRpc(RpcType.CreateCheckout, 1, CreateCheckoutRequest, CheckoutSessionView);
/** Billing verifies the signature with its webhook secret; errors: `invalid_stripe_signature`, `billing_not_configured`. */
export const HandleStripeWebhook = defineRpc(RpcType.HandleStripeWebhook, 1, StripeWebhookRequest, StripeWebhookReply);
