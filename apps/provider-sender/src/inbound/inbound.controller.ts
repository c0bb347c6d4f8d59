import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReceiveProviderInbound, ReceiveProviderInboundRequest } from '@zagel/contracts';
import { ReceiveProviderInboundUseCase } from './receive-provider-inbound.use-case';

@Controller()
export class InboundController {
  constructor(private readonly receive: ReceiveProviderInboundUseCase) {}

  @MessagePattern(ReceiveProviderInbound.type)
  receiveProviderInbound(@Payload() request: ReceiveProviderInboundRequest) {
    return this.receive.execute(request);
  }
}
