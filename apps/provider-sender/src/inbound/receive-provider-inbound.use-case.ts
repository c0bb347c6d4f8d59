import { Injectable } from '@nestjs/common';
import { ProviderSenderErrorCode, ReceivedProviderInbound, ReceiveProviderInboundRequest } from '@zagel/contracts';
import { EMPTY_OK, type InboundReportRequest, type InboundSms } from '../adapters/provider-adapter';
import { ProviderAccount } from '../accounts/provider-account';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { PublishInboundSmsUseCase } from './publish-inbound-sms.use-case';

/**
 * An inbound-SMS webhook call: the account's adapter checks the signature (as for its delivery reports) and
 * reads the messages, which are published before the provider gets the answer it expects.
 */
@Injectable()
export class ReceiveProviderInboundUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
    private readonly inbound: PublishInboundSmsUseCase,
  ) {}

  async execute(request: ReceiveProviderInboundRequest): Promise<ReceivedProviderInbound> {
    const account = await this.account(request.provider);
    const adapter = this.catalog.adapterFor(account);
    if (!adapter.parseInbound) {
      throw new ProviderSenderError(ProviderSenderErrorCode.InboundNotSupported, `${account.kind} providers post no inbound messages over HTTP`);
    }
    const webhook: InboundReportRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      rawBody: request.rawBody,
      query: request.query,
    };
    if (!adapter.verifyReport(webhook)) {
      throw new ProviderSenderError(ProviderSenderErrorCode.InboundSignatureInvalid, 'the inbound message signature does not verify');
    }
    let messages: InboundSms[];
    try {
      messages = adapter.parseInbound(webhook);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderSenderError(ProviderSenderErrorCode.InboundMalformed, `the inbound message cannot be read: ${reason}`);
    }
    await this.inbound.publish(account, 'provider', messages);
    return { messages: messages.length, ...(adapter.inboundAnswer ?? EMPTY_OK) };
  }

  /**
   * The account the URL names: by id or name as for reports, or by kind when exactly one account has it (so the
   * documented `/v1/webhooks/providers/twilio/inbound` works for a single Twilio account).
   */
  private async account(segment: string): Promise<ProviderAccount> {
    const named = await this.accounts.find(segment);
    if (named) return named;
    const ofKind = (await this.accounts.list()).filter((account) => account.kind === segment);
    if (ofKind.length === 1) return ofKind[0];
    throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
  }
}
