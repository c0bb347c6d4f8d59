import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HandleStripeWebhook } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { SignedWebhook } from '../authentication/access-policy';
import { problem, ProblemException } from '../problem-details/problem';
import { RequestWithRawBody } from '../public-http/configure-public-http';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';

/** What Stripe is told: the event was received (billing's outcome is for the logs, not for Stripe). */
interface StripeWebhookAnswer {
  received: true;
}

/** Stripe's event deliveries: billing verifies the signature over the exact bytes with its webhook secret. */
@ApiExcludeController()
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @SignedWebhook()
  @HttpCode(HttpStatus.OK)
  async receive(
    @RequestCorrelation() correlation: CorrelationContext,
    @Req() request: RequestWithRawBody,
    @Headers('stripe-signature') signature?: string,
  ): Promise<StripeWebhookAnswer> {
    if (!request.rawBody || !signature) {
      throw new ProblemException(problem(400, 'invalid_stripe_signature', 'A Stripe webhook needs its JSON body and the Stripe-Signature header.'));
    }
    await this.rpc.call(correlation, 'billing', HandleStripeWebhook, { payloadBase64: request.rawBody.toString('base64'), signature });
    return { received: true };
  }
}
