import { Injectable } from '@nestjs/common';
import { ProviderAccountView, ProviderSenderErrorCode, UpdateProviderAccountRequest } from '@zagel/contracts';
import { mergeSettings } from '../adapters/provider-settings';
import { checkedSettings } from './create-provider-account.use-case';
import { ProviderAccount } from './provider-account';
import { ProviderAccountViews } from './provider-account-view';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from './provider-accounts.repository';
import { ProviderCatalog } from './provider-catalog';

/** Changes an account; settings are merged over the stored ones, so secrets need not be sent again. */
@Injectable()
export class UpdateProviderAccountUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(request: UpdateProviderAccountRequest): Promise<ProviderAccountView> {
    const stored = await this.accounts.find(request.id);
    if (!stored) throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
    const settings = request.settings ? checkedSettings(stored.kind, mergeSettings(stored.settings, request.settings)) : stored.settings;
    const updated: ProviderAccount = {
      ...stored,
      settings,
      enabled: request.enabled ?? stored.enabled,
      rateLimitPerSecond: request.rateLimitPerSecond === undefined ? stored.rateLimitPerSecond : request.rateLimitPerSecond,
      maxConcurrency: request.maxConcurrency === undefined ? stored.maxConcurrency : request.maxConcurrency,
      maxSegments: request.maxSegments === undefined ? stored.maxSegments : request.maxSegments,
      senderId: request.senderId === undefined ? stored.senderId : request.senderId,
      updatedAt: new Date(Math.max(Date.now(), stored.updatedAt.getTime() + 1)),
    };
    await this.accounts.update(updated);
    this.catalog.invalidate();
    this.catalog.open(updated);
    return this.views.of(updated);
  }
}
