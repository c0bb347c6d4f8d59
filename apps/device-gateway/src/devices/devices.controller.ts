import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ConfigureDevice,
  ConfigureDevicePayload,
  DeviceTokenRevoked,
  DeviceTokenRevokedPayload,
  DisconnectDevice,
  DisconnectDevicePayload,
  PushToDevice,
  PushToDevicePayload,
} from '@zagel/contracts';
import { PushToDeviceUseCase } from '../leases/push-to-device.use-case';
import { DeviceSessions } from './device-sessions';
import { RevokeDeviceSessionUseCase } from './revoke-device-session.use-case';

/**
 * The gateway on the bus: commands for the phones on this instance arrive on its own queue; token
 * revocations (one instance hears each) are recorded for all and forwarded to the instance holding the phone.
 */
@Controller()
export class DevicesController {
  constructor(
    private readonly sessions: DeviceSessions,
    private readonly push: PushToDeviceUseCase,
    private readonly revokeSession: RevokeDeviceSessionUseCase,
  ) {}

  @EventPattern(PushToDevice.type, { perInstance: true })
  pushToDevice(@Payload() command: PushToDevicePayload) {
    return this.push.execute(command);
  }

  @EventPattern(ConfigureDevice.type, { perInstance: true })
  configureDevice(@Payload() command: ConfigureDevicePayload): void {
    this.sessions.configure(command.deviceId, command);
  }

  @EventPattern(DisconnectDevice.type, { perInstance: true })
  disconnectDevice(@Payload() command: DisconnectDevicePayload): void {
    this.sessions.disconnect(command.deviceId, command.reason, command.retryAfterSeconds);
  }

  @EventPattern(DeviceTokenRevoked.type)
  deviceTokenRevoked(@Payload() event: DeviceTokenRevokedPayload) {
    return this.revokeSession.execute(event);
  }
}
