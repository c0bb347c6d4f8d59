import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PoolDispatcherConfig } from '../config';
import { PoolStore } from './pool-store';

/**
 * Puts online phones back into their pools when nothing else would: a new UTC day gives the phones
 * that ran out of quota a fresh one. Membership is re-derived from each phone's record, so running
 * it on every instance is harmless.
 */
@Injectable()
export class PoolRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PoolRefresher.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pools: PoolStore,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.error(`pool refresh: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, this.settings.POOL_REFRESH_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    for (const deviceId of await this.pools.onlineDevices()) await this.pools.sync(deviceId);
  }
}
