import { Module } from '@nestjs/common';
import { IdentityModule } from '@zagel/identity';
import { LeaseEvents } from '../leases/lease-events';
import { LeaseStore } from '../leases/lease-store';
import { PushToDeviceUseCase } from '../leases/push-to-device.use-case';
import { DevicePresenceStore } from '../presence/device-presence.store';
import { DeviceReportsRelay } from '../reports/device-reports-relay';
import { RelayHeartbeatUseCase } from '../reports/relay-heartbeat.use-case';
import { ReportSmsReceivedUseCase } from '../reports/report-sms-received.use-case';
import { ReportSmsStatusUseCase } from '../reports/report-sms-status.use-case';
import { DeviceAuthenticator } from './device-authenticator';
import { DevicesController } from './devices.controller';
import { DeviceSessions } from './device-sessions';
import { DeviceSocketServer } from './device-socket-server';
import { LiveDevices } from './live-devices';
import { RevokeDeviceSessionUseCase } from './revoke-device-session.use-case';
import { RevokedDevices } from './revoked-devices';

/** The phones' connections: Socket.IO server, presence, leases in flight, reports, bus commands. */
@Module({
  imports: [IdentityModule],
  controllers: [DevicesController],
  providers: [
    DeviceSocketServer,
    DeviceAuthenticator,
    RevokedDevices,
    DeviceSessions,
    LiveDevices,
    DevicePresenceStore,
    LeaseStore,
    LeaseEvents,
    DeviceReportsRelay,
    PushToDeviceUseCase,
    ReportSmsStatusUseCase,
    ReportSmsReceivedUseCase,
    RelayHeartbeatUseCase,
    RevokeDeviceSessionUseCase,
  ],
})
export class DevicesModule {}
