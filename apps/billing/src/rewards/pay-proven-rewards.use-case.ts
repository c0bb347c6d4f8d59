import { Injectable } from '@nestjs/common';
import { DeviceBannedPayload, DeviceCanaryPassedPayload } from '@zagel/contracts';
import { PendingRewards } from './pending-rewards';

/**
 * The dispatcher's verdicts on a phone: a canary that arrived pays its pending rewards, a ban
 * forfeits them. Both are idempotent (a pending reward is paid or forfeited once), so a redelivered
 * event changes nothing.
 */
@Injectable()
export class PayProvenRewardsUseCase {
  constructor(private readonly pending: PendingRewards) {}

  async canaryPassed(event: DeviceCanaryPassedPayload): Promise<void> {
    await this.pending.payProven(event.deviceId, new Date(event.provenAt));
  }

  async banned(event: DeviceBannedPayload): Promise<void> {
    await this.pending.forfeit(event.deviceId);
  }
}
