import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { InboundSmsReceived, InboundSmsReceivedPayload, SendDeviceProof, SendDeviceProofRequest, VerifyDevice, VerifyDeviceRequest } from '@zagel/contracts';
import { BusContext } from '@zagel/messaging';
import { ProveDeviceNumberUseCase } from './prove-device-number.use-case';
import { SendDeviceProofUseCase } from './send-device-proof.use-case';

/** Number proofs: the owner's requests for a code and typed codes, and the phones' own received SMS. */
@Controller()
export class ProofController {
  constructor(
    private readonly sendProof: SendDeviceProofUseCase,
    private readonly prove: ProveDeviceNumberUseCase,
  ) {}

  @MessagePattern(SendDeviceProof.type)
  sendDeviceProof(@Payload() request: SendDeviceProofRequest) {
    return this.sendProof.execute(request);
  }

  @MessagePattern(VerifyDevice.type)
  verifyDevice(@Payload() request: VerifyDeviceRequest) {
    return this.prove.byOwner(request);
  }

  @EventPattern(InboundSmsReceived.type)
  smsReceived(@Payload() event: InboundSmsReceivedPayload, @Ctx() context: BusContext) {
    return this.prove.bySms(event, context.metadata.messageId);
  }
}
