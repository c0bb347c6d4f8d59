import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InboundSmsReceived, InboundSmsReceivedPayload } from '@zagel/contracts';
import { RecordCanaryArrivalUseCase } from './record-canary-arrival.use-case';

/** Inbound SMS, for the canaries they may carry back. */
@Controller()
export class CanariesController {
  constructor(private readonly arrivals: RecordCanaryArrivalUseCase) {}

  @EventPattern(InboundSmsReceived.type)
  inboundSms(@Payload() event: InboundSmsReceivedPayload) {
    return this.arrivals.execute(event);
  }
}
