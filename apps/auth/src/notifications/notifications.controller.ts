import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BillingLowBalance, LowBalancePayload, WebhookEndpointDisabled, WebhookEndpointDisabledPayload } from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { NotifyOwnersUseCase } from './notify-owners.use-case';
import { endpointDisabledNotice, lowBalanceNotice } from './owner-notices';

/** Events an organization's owners are told about by email. */
@Controller()
export class NotificationsController {
  constructor(private readonly notifyOwners: NotifyOwnersUseCase) {}

  @EventPattern(BillingLowBalance.type)
  lowBalance(@Payload() event: LowBalancePayload, @Ctx() context: BusContext) {
    return this.notifyOwners.execute({ organizationId: event.organizationId, eventId: context.metadata.messageId }, (name) => lowBalanceNotice(event, name));
  }

  @EventPattern(WebhookEndpointDisabled.type)
  endpointDisabled(@Payload() event: WebhookEndpointDisabledPayload, @Ctx() context: BusContext) {
    return this.notifyOwners.execute(
      { organizationId: event.organizationId, eventId: context.metadata.messageId },
      (name) => endpointDisabledNotice(event, name),
    );
  }
}
