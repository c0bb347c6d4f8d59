import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@zagel/concurrency';
import { DeliveryReport } from '../adapters/provider-adapter';
import { AdapterReportSink } from '../accounts/provider-catalog';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { DeliveriesRepository } from '../sending/deliveries.repository';

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
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly accounts: ProviderAccountsRepository,
  ) {
    super();
  }

  // One account lookup and one transaction for every report that arrived while the previous one committed.
  private readonly grouped = new GroupCommit<string, DeliveryReport[]>(
    async (providerId, batches) => {
      const account = await this.accounts.find(providerId);
      if (account) await this.apply(account, batches.flat());
    },
    { maxBatch: 500 },
  );

  /** Reports from an adapter's own connection, one or a few at a time: grouped per provider while a commit runs. */
  async accept(providerId: string, reports: DeliveryReport[]): Promise<void> {
    await this.grouped.add(providerId, reports);
  }

  async apply(provider: { id: string; name: string }, reports: DeliveryReport[]): Promise<void> {
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
