import { Module } from '@nestjs/common';
import { BusClientsModule } from '@zagel/messaging';
import { AdminBanDeviceUseCase } from './admin/admin-ban-device.use-case';
import { AdminListDevicesUseCase } from './admin/admin-list-devices.use-case';
import { AdminReleaseDeviceUseCase } from './admin/admin-release-device.use-case';
import { AdminUpdateDeviceUseCase } from './admin/admin-update-device.use-case';
import { ListPoolsUseCase } from './admin/list-pools.use-case';
import { CanariesController } from './canaries/canaries.controller';
import { CanariesRepository } from './canaries/canaries.repository';
import { CanaryScheduler } from './canaries/canary-scheduler';
import { RecordCanaryArrivalUseCase } from './canaries/record-canary-arrival.use-case';
import { SendCanariesUseCase } from './canaries/send-canaries.use-case';
import { DeleteDeviceUseCase } from './devices/delete-device.use-case';
import { DevicePresenceUseCase } from './devices/device-presence.use-case';
import { DeviceViews } from './devices/device-views';
import { DevicesController } from './devices/devices.controller';
import { DevicesRepository } from './devices/devices.repository';
import { ListDevicesUseCase } from './devices/list-devices.use-case';
import { PushDeviceConfigUseCase } from './devices/push-device-config.use-case';
import { RegisterDeviceUseCase } from './devices/register-device.use-case';
import { UpdateDeviceUseCase } from './devices/update-device.use-case';
import { DeviceHealth } from './health/device-health';
import { DeliveryProofsRepository } from './integrity/delivery-proofs.repository';
import { DeviceIntegrity } from './integrity/device-integrity';
import { IntegrityViews } from './integrity/integrity-views';
import { IntegrityController } from './integrity/integrity.controller';
import { RecordOtpProofUseCase } from './integrity/record-otp-proof.use-case';
import { DeliveryAttemptsRepository } from './leases/delivery-attempts.repository';
import { LeaseDeadlinePoller } from './leases/lease-deadline-poller';
import { LeaseOutcomesUseCase } from './leases/lease-outcomes.use-case';
import { LeaseStore } from './leases/lease-store';
import { SettleLog } from './leases/settle-log';
import { PoolRefresher } from './pools/pool-refresher';
import { PoolStore } from './pools/pool-store';
import { QuotaWindowsRecovery } from './pools/quota-windows-recovery';
import { BatchRoutingLog } from './routing/batch-routing-log';
import { DispatchController } from './routing/dispatch.controller';
import { MessageState } from './routing/message-state';
import { RouteBatchUseCase } from './routing/route-batch.use-case';
import { RouteMessageUseCase } from './routing/route-message.use-case';
import { RoutedMessagesRepository } from './routing/routed-messages.repository';
import { RoutingLog } from './routing/routing-log';

/**
 * The device network in one module: devices and their pools, routing, leases and health are one
 * loop (a failed lease drops a phone and routes its message again), so they are not split apart.
 * Canaries (canaries/) and proven-delivery integrity (integrity/) are part of that loop too: a
 * canary's reports come back as lease reports, and a quarantine takes a phone out of its pools.
 */
@Module({
  imports: [BusClientsModule.register('auth')],
  controllers: [DispatchController, DevicesController, CanariesController, IntegrityController],
  providers: [
    PoolStore,
    PoolRefresher,
    QuotaWindowsRecovery,
    LeaseStore,
    SettleLog,
    LeaseDeadlinePoller,
    MessageState,
    DevicesRepository,
    DeliveryAttemptsRepository,
    RoutedMessagesRepository,
    RoutingLog,
    BatchRoutingLog,
    DeviceViews,
    DeviceHealth,
    RouteMessageUseCase,
    RouteBatchUseCase,
    LeaseOutcomesUseCase,
    RegisterDeviceUseCase,
    ListDevicesUseCase,
    UpdateDeviceUseCase,
    DeleteDeviceUseCase,
    PushDeviceConfigUseCase,
    DevicePresenceUseCase,
    ListPoolsUseCase,
    AdminListDevicesUseCase,
    AdminUpdateDeviceUseCase,
    DeliveryProofsRepository,
    DeviceIntegrity,
    IntegrityViews,
    RecordOtpProofUseCase,
    AdminReleaseDeviceUseCase,
    AdminBanDeviceUseCase,
    CanariesRepository,
    SendCanariesUseCase,
    CanaryScheduler,
    RecordCanaryArrivalUseCase,
  ],
})
export class DispatchModule {}
