import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
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
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly lowBalance: LowBalanceWatch,
    settings: BillingConfig,
  ) {
    this.poller = new Poller({
      name: 'reservation-sweep',
      intervalMs: settings.BILLING_SWEEP_INTERVAL_MS,
      task: () => this.sweep().then(() => undefined),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
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
