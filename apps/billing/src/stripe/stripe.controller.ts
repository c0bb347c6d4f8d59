import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateCheckout, CreateCheckoutRequest, HandleStripeWebhook, StripeWebhookRequest } from '@zagel/contracts';
import { CreateCheckoutUseCase } from './create-checkout.use-case';
import { HandleStripeWebhookUseCase } from './handle-stripe-webhook.use-case';

@Controller()
export class StripeController {
  constructor(
    private readonly checkout: CreateCheckoutUseCase,
    private readonly webhook: HandleStripeWebhookUseCase,
  ) {}

  @MessagePattern(CreateCheckout.type)
  createCheckout(@Payload() request: CreateCheckoutRequest) {
    return this.checkout.execute(request);
  }

  @MessagePattern(HandleStripeWebhook.type)
  handleStripeWebhook(@Payload() request: StripeWebhookRequest) {
    return this.webhook.execute(request);
  }
}
