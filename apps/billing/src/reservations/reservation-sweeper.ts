import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { ReservationsRepository } from './reservations.repository';

const BATCH = 500;

/**
 * Releases reservations left open past their expiry. Every instance sweeps; `FOR UPDATE SKIP
 * LOCKED` hands each overdue reservation to exactly one of them, and a capture or release holding
 * its row lock wins over the sweep.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: unknown) => {
          this.logger.error(`reservation sweep failed: ${error instanceof Error ? error.message : String(error)}`);
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, this.settings.BILLING_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires overdue reservations in batches until none are left; answers how many it expired. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (manager) => {
        const byWallet = await this.reservations.expireOverdue(manager, BATCH);
        for (const { accountId, amount } of byWallet) {
          await this.lowBalance.afterChange(manager, await this.ledger.unhold(manager, accountId, amount));
        }
        return byWallet.reduce((sum, wallet) => sum + wallet.count, 0);
      });
      total += expired;
      if (expired < BATCH) return total;
    }
  }
}
