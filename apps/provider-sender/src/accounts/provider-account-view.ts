import { Injectable } from '@nestjs/common';
import { ProviderAccountView } from '@zagel/contracts';
import { adapterFactoryFor } from '../adapters/registry';
import { maskSettings } from '../adapters/provider-settings';
import { CircuitBreaker } from '../health/circuit-breaker';
import { ProviderStats } from '../health/provider-stats';
import { ProviderAccount } from './provider-account';
import { ProviderCatalog } from './provider-catalog';

/** An account as the admin API shows it: credentials masked, with its circuit and send figures. */
@Injectable()
export class ProviderAccountViews {
  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitBreaker,
    private readonly stats: ProviderStats,
  ) {}

  async of(account: ProviderAccount): Promise<ProviderAccountView> {
    const factory = adapterFactoryFor(account.kind);
    const [circuit, counts] = await Promise.all([this.circuits.state(account.id), this.stats.read(account.id)]);
    return {
      id: account.id,
      name: account.name,
      kind: account.kind,
      // An account of a kind this build lacks shows no settings at all rather than guessing which are secret.
      settings: factory ? maskSettings(factory, account.settings) : {},
      enabled: account.enabled,
      rateLimitPerSecond: account.rateLimitPerSecond,
      maxConcurrency: account.maxConcurrency,
      maxSegments: account.maxSegments,
      senderId: account.senderId,
      reportUrl: this.catalog.reportUrlFor(account),
      health: { circuit, ...counts },
      createdAt: account.createdAt.toISOString(),
      updatedAt: account.updatedAt.toISOString(),
    };
  }
}
