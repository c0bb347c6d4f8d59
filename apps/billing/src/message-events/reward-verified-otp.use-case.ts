import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OtpVerifiedPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { RewardPhoneOwner } from '../rewards/reward-phone-owner';
import { SettleReservation } from '../reservations/settle-reservation';
import { isSettledElsewhere } from './settle-on-message-status.use-case';

/**
 * A verified OTP proves the phone delivered it: its owner earns the reward, and the customer's
 * reservation is captured if no status event captured it yet.
 */
@Injectable()
export class RewardVerifiedOtpUseCase {
  static readonly CONSUMER = 'billing.otp-verified';

  constructor(
    private readonly dataSource: DataSource,
    private readonly settle: SettleReservation,
    private readonly reward: RewardPhoneOwner,
  ) {}

  async execute(event: OtpVerifiedPayload, eventId: string): Promise<void> {
    await Inbox.runOnce(this.dataSource, RewardVerifiedOtpUseCase.CONSUMER, eventId, async (manager) => {
      try {
        await this.settle.captureIn(manager, {
          organizationId: event.organizationId,
          reference: event.messageId,
          ...(event.deviceId ? { route: 'device' as const } : {}),
        });
      } catch (error) {
        if (!isSettledElsewhere(error)) throw error;
      }
      if (event.deviceOwnerId) {
        await this.reward.rewardIn(manager, {
          messageId: event.messageId,
          ownerId: event.deviceOwnerId,
          deviceId: event.deviceId,
          organizationId: event.organizationId,
          source: 'otp_verified',
        });
      }
    });
  }
}
