import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CreateProviderAccountRequest, ProviderAccountView, ProviderSenderErrorCode } from '@zagel/contracts';
import { adapterFactoryFor } from '../adapters/registry';
import { validateProviderSettings } from '../adapters/provider-settings';
import { ProviderAccount } from './provider-account';
import { ProviderAccountViews } from './provider-account-view';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from './provider-accounts.repository';
import { ProviderCatalog } from './provider-catalog';

/** Throws invalid_provider_settings naming every problem; returns the settings as stored. */
export function checkedSettings(kind: string, settings: Record<string, unknown>): Record<string, unknown> {
  const factory = adapterFactoryFor(kind);
  if (!factory) {
    throw new ProviderSenderError(ProviderSenderErrorCode.UnknownProviderKind, `no adapter for provider kind "${kind}"`);
  }
  const result = validateProviderSettings(factory, settings);
  if (!result.ok) {
    throw new ProviderSenderError(ProviderSenderErrorCode.InvalidProviderSettings, 'the provider settings are not valid', {
      reasons: result.reasons,
    });
  }
  return settings;
}

@Injectable()
export class CreateProviderAccountUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
    private readonly views: ProviderAccountViews,
  ) {}

  async execute(request: CreateProviderAccountRequest): Promise<ProviderAccountView> {
    const now = new Date();
    const account: ProviderAccount = {
      id: uuidv7(),
      name: request.name,
      kind: request.kind,
      settings: checkedSettings(request.kind, request.settings ?? {}),
      enabled: request.enabled ?? true,
      rateLimitPerSecond: request.rateLimitPerSecond ?? null,
      maxConcurrency: request.maxConcurrency ?? null,
      maxSegments: request.maxSegments ?? null,
      senderId: request.senderId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.accounts.insert(account))) {
      throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNameTaken, `a provider named "${request.name}" exists`);
    }
    this.catalog.invalidate();
    this.catalog.open(account);
    return this.views.of(account);
  }
}
