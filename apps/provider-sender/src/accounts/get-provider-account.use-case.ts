import { Injectable } from '@nestjs/common';
import { ProviderAccountIdRequest, ProviderAccountView, ProviderSenderErrorCode } from '@zagel/contracts';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountViews } from './provider-account-view';
import { ProviderAccountsRepository } from './provider-accounts.repository';

@Injectable()
export class GetProviderAccountUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(request: ProviderAccountIdRequest): Promise<ProviderAccountView> {
    const account = await this.accounts.find(request.id);
    if (!account) throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
    return this.views.of(account);
  }
}
