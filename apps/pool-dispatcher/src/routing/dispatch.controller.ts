import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeviceHeartbeat,
  DeviceHeartbeatPayload,
  DeviceLeaseReturned,
  DeviceLeaseReturnedPayload,
  DeviceOffline,
  DeviceOnline,
  DevicePresencePayload,
  DeviceReports,
  DeviceReportsPayload,
  DeviceSendAcked,
  DeviceSendAckedPayload,
  DeviceSmsStatus,
  DeviceSmsStatusPayload,
  MessageBatchRequested,
  MessageBatchRequestedPayload,
  MessageRequested,
  MessageRequestedPayload,
  MessageStatusChanged,
  MessageStatusPayload,
} from '@zagel/contracts';
import { DevicePresenceUseCase } from '../devices/device-presence.use-case';
import { LeaseOutcomesUseCase } from '../leases/lease-outcomes.use-case';
import { RouteBatchUseCase } from './route-batch.use-case';
import { RouteMessageUseCase } from './route-message.use-case';

/**
 * `message.requested` comes on two lanes, each with its own queue, consumer and prefetch: OTPs and
 * single sends on `live`, batch items on `bulk` (a small prefetch, so with both queues full the
 * consumer holds mostly live deliveries: live first). Neither waits behind the phones' reports and
 * heartbeats on the default lane.
 */
export const REQUESTS_LANE = 'live';

/** Bulk batches have their own queue and consumer: a 500-recipient batch never delays a single send. */
export const BULK_LANE = 'bulk';

/** What moves the device network: messages to route, the phones' reports and their presence. */
@Controller()
export class DispatchController {
  constructor(
    private readonly router: RouteMessageUseCase,
    private readonly batches: RouteBatchUseCase,
    private readonly outcomes: LeaseOutcomesUseCase,
    private readonly presence: DevicePresenceUseCase,
  ) {}

  @EventPattern(MessageRequested.type, { lane: REQUESTS_LANE, bindings: ['message.requested.live.*'] })
  messageRequested(@Payload() request: MessageRequestedPayload) {
    return this.router.execute(request);
  }

  @EventPattern(MessageRequested.type, { lane: BULK_LANE, bindings: ['message.requested.bulk.*'] })
  bulkMessageRequested(@Payload() request: MessageRequestedPayload) {
    return this.router.execute(request);
  }

  @EventPattern(MessageBatchRequested.type, { lane: BULK_LANE })
  messageBatchRequested(@Payload() batch: MessageBatchRequestedPayload) {
    return this.batches.execute(batch);
  }

  @EventPattern(DeviceReports.type)
  reports(@Payload() batch: DeviceReportsPayload) {
    return this.outcomes.reports(batch);
  }

  @EventPattern(DeviceSendAcked.type)
  sendAcked(@Payload() report: DeviceSendAckedPayload) {
    return this.outcomes.acked(report);
  }

  @EventPattern(DeviceSmsStatus.type)
  smsStatus(@Payload() report: DeviceSmsStatusPayload) {
    return this.outcomes.status(report);
  }

  @EventPattern(DeviceLeaseReturned.type)
  leaseReturned(@Payload() report: DeviceLeaseReturnedPayload) {
    return this.outcomes.returned(report.leaseId, report.deviceId, report.reason);
  }

  @EventPattern(DeviceOnline.type)
  deviceOnline(@Payload() event: DevicePresencePayload) {
    return this.presence.online(event);
  }

  @EventPattern(DeviceOffline.type)
  deviceOffline(@Payload() event: DevicePresencePayload) {
    return this.presence.offline(event);
  }

  @EventPattern(DeviceHeartbeat.type)
  heartbeat(@Payload() event: DeviceHeartbeatPayload) {
    return this.presence.heartbeat(event);
  }

  /** Only cancellations (ingestion's, before routing) concern the router. */
  @EventPattern(MessageStatusChanged.type, { bindings: ['message.status.canceled.*'] })
  statusChanged(@Payload() event: MessageStatusPayload) {
    return this.router.cancel(event.messageId);
  }
}
