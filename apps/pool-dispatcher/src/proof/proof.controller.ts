import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SendDeviceProof, SendDeviceProofRequest, VerifyDevice, VerifyDeviceRequest } from '@zagel/contracts';
import { ProveDeviceNumberUseCase } from './prove-device-number.use-case';
import { SendDeviceProofUseCase } from './send-device-proof.use-case';

/** Number proofs asked for by owners: a new code, a typed code (a phone's own SMS: InboundSmsController). */
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
}
