import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  DeviceHeartbeat,
  DeviceLeaseReturned,
  DeviceOffline,
  DeviceOnline,
  DeviceSendAcked,
  DeviceSmsStatus,
  MessageRequested,
  MessageStatusChanged,
} from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { DevicePresenceUseCase } from '../devices/device-presence.use-case';
import { LeaseOutcomesUseCase } from '../leases/lease-outcomes.use-case';
import { RouteMessageUseCase } from './route-message.use-case';

/**
 * `message.requested` has a lane of its own: single sends and OTPs (bulk travels batched on other
 * contracts) never wait behind the phones' reports and heartbeats on the default lane.
 */
export const REQUESTS_LANE = 'otp';

@Injectable()
export class DispatchBusHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly router: RouteMessageUseCase,
    private readonly outcomes: LeaseOutcomesUseCase,
    private readonly presence: DevicePresenceUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.onEvent(MessageRequested, (request) => this.router.execute(request), { lane: REQUESTS_LANE });
    this.bus.onEvent(DeviceSendAcked, (report) => this.outcomes.acked(report));
    this.bus.onEvent(DeviceSmsStatus, (report) => this.outcomes.status(report));
    this.bus.onEvent(DeviceLeaseReturned, (report) => this.outcomes.returned(report.leaseId, report.deviceId, report.reason));
    this.bus.onEvent(DeviceOnline, (event) => this.presence.online(event));
    this.bus.onEvent(DeviceOffline, (event) => this.presence.offline(event));
    this.bus.onEvent(DeviceHeartbeat, (event) => this.presence.heartbeat(event));
    this.bus.onEvent(MessageStatusChanged, (event) => (event.status === 'canceled' ? this.router.cancel(event.messageId) : undefined));
  }
}
