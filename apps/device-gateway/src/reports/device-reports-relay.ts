import { Injectable } from '@nestjs/common';
import { bookkeepingLinger, GroupCommit } from '@zagel/concurrency';
import { DeviceLeaseReturnedPayload, DeviceReports, DeviceReportsPayload, DeviceSendAckedPayload, DeviceSmsStatusPayload, MAX_DEVICE_REPORTS } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { captureTraceContext, runInTraceContext } from '@zagel/observability';
import { DeviceGatewayConfig } from '../config';

type Report = { kind: 'acks'; payload: DeviceSendAckedPayload } | { kind: 'statuses'; payload: DeviceSmsStatusPayload } | { kind: 'returns'; payload: DeviceLeaseReturnedPayload };

/** A report and the trace it belongs to (tracing on). */
type TracedReport = Report & { trace?: ReturnType<typeof captureTraceContext> };

/**
 * Relays the phones' reports to the pool-dispatcher as `device.reports`: the reports that arrive
 * while the previous batch is being published (and confirmed), or while it lingers for company
 * (BOOKKEEPING_LINGER_MS), go out together in the next one: one bus message for many reports
 * instead of one each, which the dispatcher also receives once. A report's promise settles
 * with its batch's confirm, so a caller still learns that its report did not leave.
 */
@Injectable()
export class DeviceReportsRelay {
  private readonly batches: GroupCommit<'reports', TracedReport>;
  /** Settles once every report added so far has been published (or failed): batches go out in order. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(bus: Bus, settings: DeviceGatewayConfig) {
    this.batches = new GroupCommit(
      async (_, reports) => {
        const payload: DeviceReportsPayload = { acks: [], statuses: [], returns: [] };
        for (const report of reports) (payload[report.kind] as object[]).push(report.payload);
        // One bus message carries one trace: the batch continues its first report's (alone when idle).
        await runInTraceContext(reports[0].trace, () => bus.publish(DeviceReports, payload));
      },
      {
        maxBatch: MAX_DEVICE_REPORTS,
        // Nobody waits on a report but the lease's deadline (seconds away): a batch waits for company.
        ...bookkeepingLinger(settings, () => true),
      },
    );
  }

  acked(payload: DeviceSendAckedPayload): Promise<void> {
    return this.add({ kind: 'acks', payload });
  }

  status(payload: DeviceSmsStatusPayload): Promise<void> {
    return this.add({ kind: 'statuses', payload });
  }

  returned(payload: DeviceLeaseReturnedPayload): Promise<void> {
    return this.add({ kind: 'returns', payload });
  }

  /**
   * Waits until every report added so far has left, so an event published directly after it (a
   * heartbeat) does not overtake them: the gateway's events stay in the order they happened.
   */
  async drained(): Promise<void> {
    await this.last;
  }

  private add(report: Report): Promise<void> {
    const published = this.batches.add('reports', { ...report, trace: captureTraceContext() });
    this.last = published.catch(() => undefined);
    return published;
  }
}
