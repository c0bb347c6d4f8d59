import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigureDevice, DeviceTokenRevoked, DisconnectDevice, PushToDevice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { PushToDeviceUseCase } from '../leases/push-to-device.use-case';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { DeviceSessions } from './device-sessions';
import { RevokedDevices } from './revoked-devices';

/**
 * The gateway on the bus: commands for the phones on this instance arrive on its own queue; token
 * revocations (one instance hears each) are recorded for all and forwarded to the instance holding the phone.
 */
@Injectable()
export class DeviceBusHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly sessions: DeviceSessions,
    private readonly push: PushToDeviceUseCase,
    private readonly revoked: RevokedDevices,
    private readonly presence: DevicePresenceStore,
  ) {}

  onModuleInit(): void {
    this.bus.onCommand(PushToDevice, (command) => this.push.execute(command), { perInstance: true });
    this.bus.onCommand(
      ConfigureDevice,
      (command) => {
        this.sessions.configure(command.deviceId, command);
      },
      { perInstance: true },
    );
    this.bus.onCommand(
      DisconnectDevice,
      (command) => {
        this.sessions.disconnect(command.deviceId, command.reason, command.retryAfterSeconds);
      },
      { perInstance: true },
    );
    this.bus.onEvent(DeviceTokenRevoked, async (event) => {
      await this.revoked.remember(event.deviceId, event.at);
      if (this.sessions.disconnect(event.deviceId, 'revoked')) return;
      const location = await this.presence.locate(event.deviceId);
      if (location && location.instanceId !== this.bus.instanceId) {
        await this.bus.send(DisconnectDevice, { service: 'device-gateway', instanceId: location.instanceId }, { deviceId: event.deviceId, reason: 'revoked' });
      }
    });
  }
}
