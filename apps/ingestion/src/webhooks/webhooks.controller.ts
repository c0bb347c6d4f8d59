import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  BillingLowBalance,
  GetWebhookSettings,
  LowBalancePayload,
  ListWebhookDeliveries,
  ListWebhookDeliveriesRequest,
  OrganizationRef,
  OTP_EVENT_LANE,
  OtpVerificationStatusChanged,
  OtpVerificationStatusPayload,
  PutWebhookSettings,
  PutWebhookSettingsRequest,
  RotateWebhookSecret,
  WebhookEndpointDisabled,
  WebhookEndpointDisabledPayload,
} from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { GetWebhookSettingsUseCase } from './get-webhook-settings.use-case';
import { ListWebhookDeliveriesUseCase } from './list-webhook-deliveries.use-case';
import { PutWebhookSettingsUseCase } from './put-webhook-settings.use-case';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.use-case';
import { endpointDisabledCallback, lowBalanceCallback, OrganizationNoticeCallbacks } from './organization-notice-callbacks';
import { VerificationCallbacks } from './verification-callbacks';

/** Customers' webhook settings over RPC, and the events that become callbacks: verification status changes, organization notices. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly getSettings: GetWebhookSettingsUseCase,
    private readonly putSettings: PutWebhookSettingsUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
    private readonly verificationCallbacks: VerificationCallbacks,
    private readonly noticeCallbacks: OrganizationNoticeCallbacks,
  ) {}

  @MessagePattern(GetWebhookSettings.type)
  getWebhookSettings(@Payload() request: OrganizationRef) {
    return this.getSettings.execute(request);
  }

  @MessagePattern(PutWebhookSettings.type)
  putWebhookSettings(@Payload() request: PutWebhookSettingsRequest) {
    return this.putSettings.execute(request);
  }

  @MessagePattern(RotateWebhookSecret.type)
  rotateWebhookSecret(@Payload() request: OrganizationRef) {
    return this.rotateSecret.execute(request);
  }

  @MessagePattern(ListWebhookDeliveries.type)
  listWebhookDeliveries(@Payload() request: ListWebhookDeliveriesRequest) {
    return this.listDeliveries.execute(request);
  }

  @EventPattern(OtpVerificationStatusChanged.type, { lane: OTP_EVENT_LANE })
  verificationStatusChanged(@Payload() event: OtpVerificationStatusPayload, @Ctx() context: BusContext) {
    return this.verificationCallbacks.queue(event, context.metadata.messageId);
  }

  @EventPattern(BillingLowBalance.type)
  lowBalance(@Payload() event: LowBalancePayload, @Ctx() context: BusContext) {
    return this.noticeCallbacks.queue(lowBalanceCallback(event), context.metadata.messageId);
  }

  @EventPattern(WebhookEndpointDisabled.type)
  endpointDisabled(@Payload() event: WebhookEndpointDisabledPayload, @Ctx() context: BusContext) {
    return this.noticeCallbacks.queue(endpointDisabledCallback(event), context.metadata.messageId);
  }
}
