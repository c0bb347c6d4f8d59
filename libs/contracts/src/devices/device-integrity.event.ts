import { IsDateString, IsUUID } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

/**
 * A canary sent from this phone arrived where it was sent (another pool phone's `sms:received` or a
 * provider's inbound number): proof, which the phone cannot forge, that it really sends. Billing pays
 * the phone's pending rewards recorded up to `provenAt`. Not published for a quarantined or banned
 * phone: its pending rewards are held.
 */
export class DeviceCanaryPassedPayload {
  @IsUUID()
  canaryId: string;

  @IsUUID()
  deviceId: string;

  @IsUUID()
  ownerId: string;

  @IsDateString()
  provenAt: string;
}

/** An operator banned the phone: billing forfeits its pending (unproven) rewards. */
export class DeviceBannedPayload {
  @IsUUID()
  deviceId: string;

  @IsUUID()
  ownerId: string;

  @IsDateString()
  bannedAt: string;
}

export const DeviceCanaryPassed = defineEvent(EventType.DeviceCanaryPassed, 1, DeviceCanaryPassedPayload);
export const DeviceBanned = defineEvent(EventType.DeviceBanned, 1, DeviceBannedPayload);
