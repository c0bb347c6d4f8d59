import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { adapterFactoryFor } from '../adapters/registry';
import { validateProviderSettings } from '../adapters/provider-settings';
import { DeliveryReport, ProviderAdapter } from '../adapters/provider-adapter';
import { ProviderSenderConfig } from '../config';
import { AdapterInboundSink } from '../inbound/publish-inbound-sms.use-case';
import { ProviderRoute } from '../routes/provider-route';
import { ProviderRoutesRepository } from '../routes/provider-routes.repository';
import { ProviderAccount } from './provider-account';
import { ProviderAccountsRepository } from './provider-accounts.repository';

/** Where reports that adapters receive on their own connections (SMPP, the simulator) go, with the account they came through. */
export abstract class AdapterReportSink {
  abstract accept(provider: Pick<ProviderAccount, 'id' | 'name'>, reports: DeliveryReport[]): Promise<void>;
}

interface LiveAdapter {
  version: number;
  adapter: ProviderAdapter;
}

interface Snapshot {
  loadedAt: number;
  accounts: Map<string, ProviderAccount>;
  routes: ProviderRoute[];
}

/**
 * Accounts, routes and one live adapter per account, cached for PROVIDER_CONFIG_CACHE_MS so a send
 * does not read them from the database. An adapter is rebuilt when its account changes.
 */
@Injectable()
export class ProviderCatalog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProviderCatalog.name);
  private snapshot?: Promise<Snapshot>;
  private readonly adapters = new Map<string, LiveAdapter>();

  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly routes: ProviderRoutesRepository,
    private readonly reports: AdapterReportSink,
    private readonly inbound: AdapterInboundSink,
    private readonly settings: ProviderSenderConfig,
  ) {}

  async account(id: string): Promise<ProviderAccount | undefined> {
    return (await this.current()).accounts.get(id);
  }

  async allRoutes(): Promise<ProviderRoute[]> {
    return (await this.current()).routes;
  }

  /** Forgets the cache (after an admin change on this instance). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  /** The account's adapter, built on first use and rebuilt when the account changed. */
  adapterFor(account: ProviderAccount): ProviderAdapter {
    const version = account.updatedAt.getTime();
    const live = this.adapters.get(account.id);
    if (live && live.version === version) return live.adapter;
    if (live) this.retire(live.adapter);
    const adapter = this.build(account);
    this.adapters.set(account.id, { version, adapter });
    return adapter;
  }

  /**
   * Opens an enabled account's adapter now rather than at its first message (after it is created or changed):
   * an adapter with a connection of its own (an SMPP bind) receives inbound SMS and receipts before anything is sent.
   */
  open(account: ProviderAccount): void {
    if (!account.enabled) return;
    try {
      this.adapterFor(account);
    } catch (error) {
      this.logger.error(`provider ${account.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Closes the account's adapter (the account was deleted). */
  drop(providerId: string): void {
    const live = this.adapters.get(providerId);
    this.adapters.delete(providerId);
    if (live) this.retire(live.adapter);
  }

  reportUrlFor(account: Pick<ProviderAccount, 'name'>): string | null {
    const base = this.settings.PROVIDER_REPORT_BASE_URL;
    return base ? `${base.replace(/\/+$/, '')}/v1/webhooks/providers/${account.name}` : null;
  }

  /**
   * Opens every enabled account's adapter at start: adapters that receive reports on their own connection
   * (SMPP) must be listening before the first message, for reports on messages sent before a restart.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { accounts } = await this.current();
    for (const account of accounts.values()) this.open(account);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.adapters.values()].map((live) => live.adapter.close()));
    this.adapters.clear();
  }

  private build(account: ProviderAccount): ProviderAdapter {
    const factory = adapterFactoryFor(account.kind);
    if (!factory) throw new Error(`provider ${account.name}: no adapter for kind ${account.kind}`);
    const validated = validateProviderSettings(factory, account.settings);
    if (!validated.ok) throw new Error(`provider ${account.name}: stored settings are invalid: ${validated.reasons.join('; ')}`);
    const reportUrl = this.reportUrlFor(account) ?? undefined;
    return factory.create(validated.settings, {
      ...(reportUrl !== undefined && { reportUrl }),
      onReport: (report) => {
        this.reports.accept({ id: account.id, name: account.name }, [report]).catch((error: unknown) => {
          this.logger.error(`provider ${account.name}: a delivery report was not applied: ${String(error)}`);
        });
      },
      onInbound: async (sms) => {
        await this.inbound.publish({ id: account.id, kind: account.kind }, 'smpp', [sms]);
      },
    });
  }

  private retire(adapter: ProviderAdapter): void {
    adapter.close().catch((error: unknown) => this.logger.warn(`closing an adapter failed: ${String(error)}`));
  }

  private current(): Promise<Snapshot> {
    const cached = this.snapshot;
    if (!cached) return this.reload();
    return cached.then((snapshot) => {
      if (Date.now() - snapshot.loadedAt <= this.settings.PROVIDER_CONFIG_CACHE_MS) return snapshot;
      // Concurrent callers share one reload.
      return this.snapshot === cached ? this.reload() : this.current();
    });
  }

  private reload(): Promise<Snapshot> {
    const loading = Promise.all([this.accounts.list(), this.routes.list()]).then(([accounts, routes]) => ({
      loadedAt: Date.now(),
      accounts: new Map(accounts.map((account) => [account.id, account])),
      routes,
    }));
    this.snapshot = loading;
    loading.catch(() => {
      if (this.snapshot === loading) this.snapshot = undefined;
    });
    return loading;
  }
}
