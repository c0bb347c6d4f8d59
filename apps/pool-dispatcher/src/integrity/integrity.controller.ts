import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { AdminBanDevice, AdminDeviceDecisionRequest, AdminReleaseDevice, OtpVerified, OtpVerifiedPayload } from '@zagel/contracts';
import { AdminBanDeviceUseCase } from '../admin/admin-ban-device.use-case';
import { AdminReleaseDeviceUseCase } from '../admin/admin-release-device.use-case';
import { RecordOtpProofUseCase } from './record-otp-proof.use-case';

/** The evidence of proven deliveries, and operators' decisions on the phones it condemns. */
@Controller()
export class IntegrityController {
  constructor(
    private readonly otpProofs: RecordOtpProofUseCase,
    private readonly release: AdminReleaseDeviceUseCase,
    private readonly ban: AdminBanDeviceUseCase,
  ) {}

  @EventPattern(OtpVerified.type)
  otpVerified(@Payload() event: OtpVerifiedPayload) {
    return this.otpProofs.execute(event);
  }

  @MessagePattern(AdminReleaseDevice.type)
  releaseDevice(@Payload() request: AdminDeviceDecisionRequest) {
    return this.release.execute(request);
  }

  @MessagePattern(AdminBanDevice.type)
  banDevice(@Payload() request: AdminDeviceDecisionRequest) {
    return this.ban.execute(request);
  }
}
