import { Injectable } from '@nestjs/common';
import { LeaseReturnReason } from '@zagel/contracts';
import { deviceGatewayMetrics } from '../devices/device-gateway.metrics';
import { DeviceReportsRelay } from '../reports/device-reports-relay';
import { LeaseStore } from './lease-store';

export interface LeaseRef {
  leaseId: string;
  messageId: string;
  deviceId: string;
}

/** Tells the dispatcher what became of a lease, keeping the phone's in-flight slots in step. */
@Injectable()
export class LeaseEvents {
  constructor(
    private readonly reports: DeviceReportsRelay,
    private readonly leases: LeaseStore,
  ) {}

  /** The gateway cannot (or no longer) carry the lease: the phone no longer holds the message. */
  async returned(lease: LeaseRef, reason: LeaseReturnReason, options: { holdsSlot: boolean }): Promise<void> {
    if (options.holdsSlot) await this.leases.release(lease.deviceId, lease.messageId);
    deviceGatewayMetrics.leasesReturned.inc({ reason });
    await this.reports.returned({ ...lease, reason, at: new Date().toISOString() });
  }

  /** The phone answered `sms:send` (or the gateway refused on its behalf, e.g. `expired`). */
  async acked(lease: LeaseRef, accepted: boolean, reason?: string): Promise<void> {
    deviceGatewayMetrics.acks.inc({ accepted: String(accepted) });
    await this.reports.acked({ ...lease, accepted, ...(reason ? { reason } : {}), at: new Date().toISOString() });
  }
}
