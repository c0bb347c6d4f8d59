import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@zagel/concurrency';
import { DeliveryReport } from '../adapters/provider-adapter';
import { AdapterReportSink } from '../accounts/provider-catalog';
import { DeliveriesRepository } from '../sending/deliveries.repository';

type ProviderName = { id: string; name: string };

function reportedAt(report: DeliveryReport): Date {
  const at = report.at ? new Date(report.at) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : new Date();
}

/**
 * Applies providers' delivery reports to the messages they sent, in one transaction per group:
 * forward only (delivered is final), duplicates change nothing, and a report for an id not known yet is kept until the submit response
 * names it. Webhook reports and reports from adapters' own connections both land here.
 */
@Injectable()
export class ApplyDeliveryReportsUseCase extends AdapterReportSink {
  constructor(private readonly deliveries: DeliveriesRepository) {
    super();
  }

  // One transaction for every report of an account that arrived while its previous one committed.
  private readonly grouped = new GroupCommit<string, { provider: ProviderName; reports: DeliveryReport[] }>(
    (_, batches) => this.apply(batches[0].provider, batches.flatMap((batch) => batch.reports)),
    { maxBatch: 500 },
  );

  /** Reports from an adapter's own connection, one or a few at a time: grouped per provider while a commit runs. */
  async accept(provider: ProviderName, reports: DeliveryReport[]): Promise<void> {
    await this.grouped.add(provider.id, { provider, reports });
  }

  async apply(provider: ProviderName, reports: DeliveryReport[]): Promise<void> {
    await this.deliveries.applyReports(
      provider,
      reports.map((report) => ({
        providerMessageId: report.providerMessageId,
        status: report.status,
        ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
        at: reportedAt(report),
      })),
    );
  }
}
