import { Injectable } from '@nestjs/common';
import { ListProviderAccountsRequest, ProviderAccountList } from '@zagel/contracts';
import { ProviderAccountViews } from './provider-account-view';
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
}
