import { Injectable } from '@nestjs/common';
import { ProviderSenderErrorCode, ReceivedProviderReport, ReceiveProviderReportRequest } from '@zagel/contracts';
import { DeliveryReport } from '../adapters/provider-adapter';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ApplyDeliveryReportsUseCase } from './apply-delivery-reports.use-case';

/** A delivery-report webhook call: the account's adapter checks the signature and reads the reports. */
@Injectable()
export class ReceiveProviderReportUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
    private readonly reports: ApplyDeliveryReportsUseCase,
  ) {}

  async execute(request: ReceiveProviderReportRequest): Promise<ReceivedProviderReport> {
    const account = await this.accounts.find(request.provider);
    if (!account) throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
    const adapter = this.catalog.adapterFor(account);
    const inbound = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      rawBody: request.rawBody,
      query: request.query,
    };
    if (!adapter.verifyReport(inbound)) {
      throw new ProviderSenderError(ProviderSenderErrorCode.ReportSignatureInvalid, 'the report signature does not verify');
    }
    let reports: DeliveryReport[];
    try {
      reports = adapter.parseReport(inbound);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderSenderError(ProviderSenderErrorCode.ReportMalformed, `the report cannot be read: ${reason}`);
    }
    await this.reports.apply(account, reports);
    return { reports: reports.length };
  }
}
