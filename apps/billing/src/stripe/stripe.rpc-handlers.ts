import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreateCheckout, HandleStripeWebhook } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CreateCheckoutUseCase } from './create-checkout.use-case';
import { HandleStripeWebhookUseCase } from './handle-stripe-webhook.use-case';

@Injectable()
export class StripeRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly checkout: CreateCheckoutUseCase,
    private readonly webhook: HandleStripeWebhookUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateCheckout, (request) => this.checkout.execute(request));
    this.bus.rpc.handle(HandleStripeWebhook, (request) => this.webhook.execute(request));
  }
}
