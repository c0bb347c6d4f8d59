import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { BillingDesk, TestPlatform, until } from '@zagel/testing';

/** The ledger's rules hold in the database itself, whatever code writes to it. */
describe('ledger rules in PostgreSQL', () => {
  const platform = new TestPlatform({ services: ['billing'], settings: { BILLING_LEDGER_AUDIT_INTERVAL_MS: '100' } });
  let billing: BillingDesk;
  let walletId: string;
  let revenueId: string;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
    const organizationId = await billing.fundedOrganization(100);
    [{ id: walletId }] = (await billing.db.query(`SELECT id FROM accounts WHERE kind = 'customer_wallet' AND owner_id = $1`, [organizationId])) as { id: string }[];
    [{ id: revenueId }] = (await billing.db.query(`SELECT id FROM accounts WHERE kind = 'platform_revenue'`)) as { id: string }[];
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  function inTransaction(work: (runner: PoolClient) => Promise<void>): Promise<void> {
    return billing.db.transaction(work);
  }

  async function post(runner: PoolClient, entries: [string, number][]): Promise<void> {
    const id = uuidv7();
    await runner.query(`INSERT INTO ledger_transactions (id, kind, reference) VALUES ($1, 'adjustment', $2)`, [id, id]);
    for (const [account, amount] of entries) {
      // Each entry records its wallet's balance after it (NULL on platform accounts), as the ledger writes it.
      await runner.query(
        `INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after)
         SELECT $1, $2, $3, (SELECT balance + $3 FROM accounts WHERE id = $2 AND kind IN ('customer_wallet', 'reward_wallet'))`,
        [id, account, amount],
      );
    }
  }

  it('refuses to commit a transaction whose entries do not sum to zero', async () => {
    await expect(inTransaction((runner) => post(runner, [[walletId, 10], [revenueId, -9]]))).rejects.toThrow(/does not sum to zero/);
    await expect(inTransaction((runner) => post(runner, [[walletId, 10], [revenueId, -10]]))).resolves.toBeUndefined();
    // Written in one statement, as the ledger writes, the same rule holds.
    const inOneStatement = (revenue: number) =>
      inTransaction(async (runner) => {
        const id = uuidv7();
        await runner.query(`INSERT INTO ledger_transactions (id, kind, reference) VALUES ($1, 'adjustment', $2)`, [id, id]);
        await runner.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after)
           SELECT $1::uuid, $2::uuid, 3, balance + 3 FROM accounts WHERE id = $2::uuid UNION ALL SELECT $1::uuid, $3::uuid, $4::bigint, NULL`,
          [id, walletId, revenueId, revenue],
        );
      });
    await expect(inOneStatement(-2)).rejects.toThrow(/does not sum to zero/);
    await expect(inOneStatement(-3)).resolves.toBeUndefined();
  });

  it('refuses a wallet below zero', async () => {
    await expect(inTransaction((runner) => post(runner, [[walletId, -1_000], [revenueId, 1_000]]))).rejects.toThrow(/accounts_wallet_covered/);
  });

  it('refuses an entry whose balance_after is not the balance after it', async () => {
    const write = (balanceAfter: number | null) =>
      inTransaction(async (runner) => {
        const id = uuidv7();
        await runner.query(`INSERT INTO ledger_transactions (id, kind, reference) VALUES ($1, 'adjustment', $2)`, [id, id]);
        await runner.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after) VALUES ($1, $2, 5, $3), ($1, $4, -5, NULL)`, [
          id,
          walletId,
          balanceAfter,
          revenueId,
        ]);
      });
    const [{ balance }] = (await billing.db.query(`SELECT balance FROM accounts WHERE id = $1`, [walletId])) as { balance: string }[];
    await expect(write(0)).rejects.toThrow(/records balance_after 0, not/);
    await expect(write(null)).rejects.toThrow(/records balance_after <NULL>, not/);
    await expect(write(Number(balance) + 5)).resolves.toBeUndefined();
    // The next entry's balance after is balance + 10: one off is refused.
    await expect(write(Number(balance) + 11)).rejects.toThrow(/records balance_after/);
  });

  it('refuses to change or remove ledger rows', async () => {
    await expect(billing.db.query(`UPDATE ledger_entries SET amount = amount * 2`)).rejects.toThrow(/append-only/);
    await expect(billing.db.query(`DELETE FROM ledger_transactions`)).rejects.toThrow(/append-only/);
    await expect(billing.db.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('keeps every cached balance equal to the sum of its entries', async () => {
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
    const [{ balance }] = (await billing.db.query(`SELECT balance FROM accounts WHERE id = $1`, [walletId])) as { balance: string }[];
    expect(balance).toBe('118');
  });

  it('counts a transaction written around the checks in zagel_billing_unbalanced_ledger_transactions (what ZagelLedgerImbalance alerts on)', async () => {
    const gauge = async () => {
      const text = await (await fetch(`${platform.url('billing')}/metrics`)).text();
      const line = text.split('\n').find((entry) => entry.startsWith('zagel_billing_unbalanced_ledger_transactions'));
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    await until(async () => (await gauge()) === 0, { what: 'the audit to report a balanced ledger' });
    await inTransaction(async (runner) => {
      // Only an operator with the table's ownership can do this: the audit is what notices.
      await runner.query('ALTER TABLE ledger_unbalanced DISABLE TRIGGER ledger_unbalanced_check');
      await post(runner, [[revenueId, 7]]);
      await runner.query('ALTER TABLE ledger_unbalanced ENABLE TRIGGER ledger_unbalanced_check');
    });
    expect(await billing.unbalancedTransactions()).toHaveLength(1);
    await until(async () => (await gauge()) === 1, { what: 'the audit to count the unbalanced transaction' });
  });
});
