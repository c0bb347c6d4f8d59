import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InboundSmsReceived, InboundSmsReceivedPayload } from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { RecordCanaryArrivalUseCase } from '../canaries/record-canary-arrival.use-case';
import { ProveDeviceNumberUseCase } from '../proof/prove-device-number.use-case';

/**
 * Inbound SMS, read for what they prove: a phone's own number (a proof code it received) and
 * another phone's honesty (a canary it sent that arrived). One handler, since a service binds an
 * event to one handler.
 */
@Controller()
export class InboundSmsController {
  constructor(
    private readonly numberProofs: ProveDeviceNumberUseCase,
    private readonly canaryArrivals: RecordCanaryArrivalUseCase,
  ) {}

  @EventPattern(InboundSmsReceived.type)
  async smsReceived(@Payload() event: InboundSmsReceivedPayload, @Ctx() context: BusContext): Promise<void> {
    await this.numberProofs.bySms(event, context.metadata.messageId);
    await this.canaryArrivals.execute(event);
  }
}
