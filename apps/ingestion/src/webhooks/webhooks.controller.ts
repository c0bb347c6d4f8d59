import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetWebhookSettings,
  ListWebhookDeliveries,
  ListWebhookDeliveriesRequest,
  OrganizationRef,
  OtpVerificationStatusChanged,
  OtpVerificationStatusPayload,
  PutWebhookSettings,
  PutWebhookSettingsRequest,
  RotateWebhookSecret,
} from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { VerificationCallbacks } from './verification-callbacks';
import { WebhookSettingsUseCases } from './webhook-settings.use-cases';

/** Customers' webhook settings over RPC, and the verification status changes that become callbacks. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly settings: WebhookSettingsUseCases,
    private readonly verificationCallbacks: VerificationCallbacks,
  ) {}

  @MessagePattern(GetWebhookSettings.type)
  getWebhookSettings(@Payload() request: OrganizationRef) {
    return this.settings.get(request);
  }

  @MessagePattern(PutWebhookSettings.type)
  putWebhookSettings(@Payload() request: PutWebhookSettingsRequest) {
    return this.settings.put(request);
  }

  @MessagePattern(RotateWebhookSecret.type)
  rotateWebhookSecret(@Payload() request: OrganizationRef) {
    return this.settings.rotateSecret(request);
  }

  @MessagePattern(ListWebhookDeliveries.type)
  listWebhookDeliveries(@Payload() request: ListWebhookDeliveriesRequest) {
    return this.settings.deliveries(request);
  }

  @EventPattern(OtpVerificationStatusChanged.type, { lane: 'otp' })
  verificationStatusChanged(@Payload() event: OtpVerificationStatusPayload, @Ctx() context: BusContext) {
    return this.verificationCallbacks.queue(event, context.metadata.messageId);
  }
}
