import { Injectable } from '@nestjs/common';
import { OtpVerifiedPayload } from '@zagel/contracts';
import { DeviceIntegrity } from './device-integrity';

/** A verification approved with the code a phone carried: a delivery the phone could not have faked. */
@Injectable()
export class RecordOtpProofUseCase {
  constructor(private readonly integrity: DeviceIntegrity) {}

  async execute(event: OtpVerifiedPayload): Promise<void> {
    if (!event.deviceId) return;
    await this.integrity.record([{ kind: 'otp_verified', reference: event.messageId, deviceId: event.deviceId, proven: true }]);
  }
}
