import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { BillingConfig } from '../config';

/** Ledger transactions among the latest entries whose entries do not sum to zero in some unit: always 0 unless the database's checks were bypassed. */
export const UNBALANCED_TRANSACTIONS = 'zagel_billing_unbalanced_ledger_transactions';
const unbalanced =
  (register.getSingleMetric(UNBALANCED_TRANSACTIONS) as Gauge | undefined) ??
  new Gauge({ name: UNBALANCED_TRANSACTIONS, help: 'Ledger transactions among the latest 50,000 entries that do not sum to zero per unit' });

/** How many of the newest entries (by id, the primary key) each audit looks at: an index range, whatever the ledger's size. */
export const AUDITED_ENTRIES = 50_000;

const AUDIT = `
  WITH recent AS (
    SELECT DISTINCT transaction_id FROM ledger_entries
    WHERE id > (SELECT coalesce(max(id), 0) FROM ledger_entries) - $1
  )
  SELECT count(DISTINCT e.transaction_id)::int AS unbalanced FROM (
    SELECT e.transaction_id FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
    WHERE e.transaction_id IN (SELECT transaction_id FROM recent)
    GROUP BY e.transaction_id, a.unit HAVING sum(e.amount) <> 0
  ) e`;

/**
 * Re-sums the newest ledger transactions on a timer and publishes how many do not balance. The
 * database refuses such a commit (a deferred constraint trigger), so a non-zero gauge means someone
 * wrote around it (disabled triggers, a restore, manual SQL): the alert ZagelLedgerImbalance pages.
 */
@Injectable()
export class LedgerAudit implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    settings: BillingConfig,
  ) {
    this.poller = new Poller({
      name: 'ledger-audit',
      intervalMs: settings.BILLING_LEDGER_AUDIT_INTERVAL_MS,
      runAtStart: true,
      task: async () => {
        unbalanced.set(await this.countUnbalanced());
      },
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async countUnbalanced(): Promise<number> {
    const [{ unbalanced: count }] = (await this.dataSource.query(AUDIT, [AUDITED_ENTRIES])) as { unbalanced: number }[];
    return count;
  }
}
