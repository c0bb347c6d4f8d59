import { Injectable } from '@nestjs/common';
import { DeliveryReport } from '../adapters/provider-adapter';
import { AdapterReportSink } from '../accounts/provider-catalog';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { DeliveriesRepository } from '../sending/deliveries.repository';

function reportedAt(report: DeliveryReport): Date {
  const at = report.at ? new Date(report.at) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : new Date();
}

/**
 * Applies providers' delivery reports to the messages they sent: forward only (delivered is final),
 * duplicates change nothing, and a report for an id not known yet is kept until the submit response
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

  async accept(providerId: string, reports: DeliveryReport[]): Promise<void> {
    const account = await this.accounts.find(providerId);
    if (!account) return;
    await this.apply(account, reports);
  }

  async apply(provider: { id: string; name: string }, reports: DeliveryReport[]): Promise<void> {
    for (const report of reports) {
      await this.deliveries.applyReport(provider, {
        providerMessageId: report.providerMessageId,
        status: report.status,
        ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
        at: reportedAt(report),
      });
    }
  }
}
