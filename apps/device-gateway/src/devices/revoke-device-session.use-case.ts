import { Injectable } from '@nestjs/common';
import { DeviceTokenRevokedPayload, DisconnectDevice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { DeviceSessions } from './device-sessions';
import { RevokedDevices } from './revoked-devices';

/**
 * A revoked device token stops working on every instance (recorded for all), and the phone's
 * connection closes: here if this instance holds it, else on the instance that does.
 */
@Injectable()
export class RevokeDeviceSessionUseCase {
  constructor(
    private readonly bus: Bus,
    private readonly sessions: DeviceSessions,
    private readonly revoked: RevokedDevices,
    private readonly presence: DevicePresenceStore,
  ) {}

  async execute(event: DeviceTokenRevokedPayload): Promise<void> {
    await this.revoked.remember(event.deviceId, event.at);
    if (this.sessions.disconnect(event.deviceId, 'revoked')) return;
    const location = await this.presence.locate(event.deviceId);
    if (location && location.instanceId !== this.bus.instanceId) {
      await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: location.instanceId }, { deviceId: event.deviceId, reason: 'revoked' });
    }
  }
}
