import { Injectable } from '@nestjs/common';
import { ListProviderAccountsRequest, ProviderAccountIdRequest, ProviderAccountList, ProviderAccountView, ProviderSenderErrorCode } from '@zagel/contracts';
import { ProviderAccountViews } from './provider-account-view';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from './provider-accounts.repository';

@Injectable()
export class ListProviderAccountsUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(request: ListProviderAccountsRequest): Promise<ProviderAccountList> {
    const accounts = (await this.accounts.list()).filter((account) => request.kind === undefined || account.kind === request.kind);
    return { items: await Promise.all(accounts.map((account) => this.views.of(account))) };
  }

  async one(request: ProviderAccountIdRequest): Promise<ProviderAccountView> {
    const account = await this.accounts.find(request.id);
    if (!account) throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
    return this.views.of(account);
  }
}
