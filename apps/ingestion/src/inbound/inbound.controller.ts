import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetInboundSettings,
  InboundSettingsRef,
  InboundSmsReceived,
  InboundSmsReceivedPayload,
  ListInboundMessages,
  ListInboundMessagesRequest,
  PutInboundSettings,
  PutInboundSettingsRequest,
} from '@zagel/contracts';
import { InboundSettingsUseCase } from './inbound-settings.use-case';
import { ListInboundMessagesUseCase } from './list-inbound-messages.use-case';
import { ReceiveInboundSmsUseCase } from './receive-inbound-sms.use-case';

/** Inbound SMS from every channel (the bus event), their list, and the organization's keyword settings. */
@Controller()
export class InboundController {
  constructor(
    private readonly receive: ReceiveInboundSmsUseCase,
    private readonly list: ListInboundMessagesUseCase,
    private readonly settings: InboundSettingsUseCase,
  ) {}

  @EventPattern(InboundSmsReceived.type)
  inboundSmsReceived(@Payload() event: InboundSmsReceivedPayload) {
    return this.receive.execute(event);
  }

  @MessagePattern(ListInboundMessages.type)
  listInboundMessages(@Payload() request: ListInboundMessagesRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(GetInboundSettings.type)
  getInboundSettings(@Payload() request: InboundSettingsRef) {
    return this.settings.get(request);
  }

  @MessagePattern(PutInboundSettings.type)
  putInboundSettings(@Payload() request: PutInboundSettingsRequest) {
    return this.settings.put(request);
  }
}
