import { Injectable } from '@nestjs/common';
import { OtpVerifiedPayload } from '@zagel/contracts';
import { SettleMessages } from './settle-messages';

/**
 * A verified OTP proves the phone delivered it: its owner earns the reward, and the customer's
 * reservation (or allowance spend) is captured if no status event settled it yet. Handled once per event (inbox).
 */
@Injectable()
export class RewardVerifiedOtpUseCase {
  static readonly CONSUMER = 'billing.otp-verified';

  constructor(private readonly settle: SettleMessages) {}

  async execute(event: OtpVerifiedPayload, eventId: string): Promise<void> {
    const { organizationId, messageId } = event;
    await this.settle.add({
      organizationId,
      order: { outcome: 'captured', organizationId, reference: messageId, ...(event.deviceId ? { route: 'device' as const } : {}) },
      mayUseAllowance: true,
      reward: event.deviceOwnerId
        ? { messageId, ownerId: event.deviceOwnerId, deviceId: event.deviceId, organizationId, source: 'otp_verified' }
        : undefined,
      claim: { consumer: RewardVerifiedOtpUseCase.CONSUMER, eventId },
    });
  }
}
