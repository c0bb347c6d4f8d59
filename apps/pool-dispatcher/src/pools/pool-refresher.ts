import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { PoolDispatcherConfig } from '../config';
import { PoolStore } from './pool-store';

/**
 * Puts online phones back into their pools when nothing else would: a new UTC day gives the phones
 * that ran out of quota a fresh one. Membership is re-derived from each phone's record, so running
 * it on every instance is harmless.
 */
@Injectable()
export class PoolRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    private readonly pools: PoolStore,
    settings: PoolDispatcherConfig,
  ) {
    this.poller = new Poller({ name: 'pool-refresh', intervalMs: settings.POOL_REFRESH_INTERVAL_MS, task: () => this.refresh() });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async refresh(): Promise<void> {
    for (const deviceId of await this.pools.onlineDevices()) await this.pools.sync(deviceId);
  }
}
