import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Poller } from '@zagel/concurrency';
import { PoolDispatcherConfig } from '../config';
import { PoolStore } from './pool-store';
import { QuotaWindowsRecovery } from './quota-windows-recovery';

/** How often phones whose quota window freed a unit are filed again: they return within this of that moment. */
const QUOTA_RETURN_POLL_MS = 1_000;
const QUOTA_RETURN_BATCH = 500;

/**
 * Puts online phones back into their pools when nothing else would: a phone out of quota the
 * moment its 24-hour window frees a unit (listed by the pick, polled every second), and every online
 * phone now and then (a cool-down over). Membership is re-derived from each phone's record, so
 * running it on every instance is harmless. The same poll notices that Redis lost the quota windows
 * and has them rebuilt (QuotaWindowsRecovery); the instance starts only once they are complete.
 */
@Injectable()
export class PoolRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;
  private readonly quotaReturns: Poller;

  constructor(
    private readonly pools: PoolStore,
    private readonly recovery: QuotaWindowsRecovery,
    settings: PoolDispatcherConfig,
  ) {
    this.poller = new Poller({ name: 'pool-refresh', intervalMs: settings.POOL_REFRESH_INTERVAL_MS, task: () => this.refresh() });
    this.quotaReturns = new Poller({ name: 'quota-returns', intervalMs: QUOTA_RETURN_POLL_MS, task: () => this.fileRegainedPhones() });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (await this.recovery.ensureWindows()) await this.refresh();
    this.poller.start();
    this.quotaReturns.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.poller.stop(), this.quotaReturns.stop()]);
  }

  async refresh(): Promise<void> {
    for (const deviceId of await this.pools.onlineDevices()) await this.pools.sync(deviceId);
  }

  /** Files the phones whose window has freed a unit; true when the batch was full (more may be due). */
  async fileRegainedPhones(now = Date.now()): Promise<boolean> {
    // After a loss of Redis the phones come back as they re-announce themselves; their windows must be whole first.
    if (await this.recovery.ensureWindows()) await this.refresh();
    const due = await this.pools.phonesRegainingQuota(now, QUOTA_RETURN_BATCH);
    for (const deviceId of due) await this.pools.sync(deviceId, null, now);
    return due.length === QUOTA_RETURN_BATCH;
  }
}
