import { Injectable, Logger } from '@nestjs/common';
import { DeviceEventAck, DeviceEventError, SmsStatusReport } from '@zagel/contracts';
import { deviceGatewayMetrics } from '../devices/device-gateway.metrics';
import { LeaseStore } from '../leases/lease-store';
import { DeviceReportsRelay } from './device-reports-relay';

/**
 * A phone's `sms:status` report, relayed (in `device.reports`) with the lease the gateway pushed the
 * message under. A report for a message this phone does not hold is refused and changes nothing; a
 * repeated report is acked again without being relayed twice.
 */
@Injectable()
export class ReportSmsStatusUseCase {
  private readonly logger = new Logger(ReportSmsStatusUseCase.name);

  constructor(
    private readonly reports: DeviceReportsRelay,
    private readonly leases: LeaseStore,
  ) {}

  async execute(deviceId: string, report: SmsStatusReport): Promise<DeviceEventAck> {
    const lease = await this.leases.report(deviceId, report.messageId, report.status, report.at);
    if (!lease) {
      deviceGatewayMetrics.statusReports.inc({ outcome: 'unknown_message' });
      return { ok: false, error: DeviceEventError.UnknownMessage };
    }
    if (!lease.fresh) {
      deviceGatewayMetrics.statusReports.inc({ outcome: 'duplicate' });
      return { ok: true };
    }
    try {
      await this.reports.status({
        leaseId: lease.leaseId,
        messageId: report.messageId,
        deviceId,
        status: report.status,
        ...(report.errorCode ? { errorCode: report.errorCode } : {}),
        at: report.at,
      });
    } catch (error) {
      this.logger.warn(`status of ${report.messageId} not relayed: ${error instanceof Error ? error.message : String(error)}`);
      await this.leases.forgetStatus(deviceId, report.messageId, report.status);
      return { ok: false, error: DeviceEventError.Unavailable };
    }
    deviceGatewayMetrics.statusReports.inc({ outcome: 'relayed' });
    return { ok: true };
  }
}
