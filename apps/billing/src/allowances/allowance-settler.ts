import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { BillingConfig } from '../config';
import { AllowancesRepository } from './allowances.repository';
import { SettleAllowance } from './settle-allowance';

const BATCH = 500;

/**
 * Settles every open allowance on an interval (what was spent becomes one capture per allowance),
 * and closes those past their expiry. Instances may settle the same allowance at once: the take in
 * Redis is atomic and each settlement applies once, so that costs a little work, never money.
 */
@Injectable()
export class AllowanceSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AllowanceSettler.name);
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    private readonly allowances: AllowancesRepository,
    private readonly settleAllowance: SettleAllowance,
    settings: BillingConfig,
  ) {
    this.poller = new Poller({
      name: 'allowance-settle',
      intervalMs: settings.BILLING_ALLOWANCE_SETTLE_INTERVAL_MS,
      task: () => this.settleAll().then(() => undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Settles the open allowances; answers how many it settled. One failing allowance does not hold up the others. */
  async settleAll(): Promise<number> {
    const open = await this.allowances.listOpen(this.dataSource.manager, BATCH);
    let settled = 0;
    for (const row of open) {
      try {
        await this.settleAllowance.settle({ id: row.id, organizationId: row.organization_id, seq: Number(row.seq) }, row.expired);
        settled += 1;
      } catch (error) {
        this.logger.warn(`allowance ${row.id} not settled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return settled;
  }
}
