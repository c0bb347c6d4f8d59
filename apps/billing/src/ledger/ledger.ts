import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { BillingConfig } from '../config';
import { returnedRows } from '../shared/pg-errors';
import { ACCOUNT_COLUMNS, REWARD_TOKEN_UNIT, AccountRow, AccountState, PlatformAccountKind, toAccountState, WalletKind } from './accounts';

export const TRANSACTION_KINDS = ['capture', 'stripe_top_up', 'stripe_refund', 'adjustment', 'reward'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export interface Posting {
  /** The transaction's id, when the caller must name it before it is posted; a new one otherwise. */
  id?: string;
  kind: TransactionKind;
  /** Unique per kind: posting the same (kind, reference) twice records nothing the second time. */
  reference: string;
  organizationId?: string;
  description?: string;
  actorId?: string;
  /** Signed amounts; Postgres refuses the commit unless they sum to zero per unit. */
  entries: { accountId: string; amount: number }[];
}

/**
 * The double-entry ledger: accounts, and transactions of entries that sum to zero. Balances move
 * only through entries (a statement-level trigger applies them to their wallets and checks each
 * entry's `balance_after`); the database checks the zero sum at commit and refuses a wallet below zero.
 */
@Injectable()
export class Ledger implements OnApplicationBootstrap {
  private readonly platformAccounts = new Map<string, string>();

  constructor(
    private readonly settings: BillingConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** Platform accounts exist before any request needs one, so no transaction waits for a second pooled connection to create them. */
  async onApplicationBootstrap(): Promise<void> {
    const currency = this.settings.BILLING_CURRENCY;
    for (const kind of ['platform_revenue', 'stripe_clearing', 'adjustments'] as const) await this.platformAccount(kind, currency);
    await this.platformAccount('rewards_expense', REWARD_TOKEN_UNIT);
  }

  /** The wallet's id, created on first use. */
  async wallet(manager: EntityManager, kind: WalletKind, ownerId: string, unit: string): Promise<string> {
    return this.account(manager, kind, ownerId, unit);
  }

  /** Created outside the caller's transaction (and remembered), so a rollback never leaves a cached id of a row that is gone. */
  async platformAccount(kind: PlatformAccountKind, unit: string): Promise<string> {
    const key = `${kind}:${unit}`;
    const known = this.platformAccounts.get(key);
    if (known) return known;
    const id = await this.account(this.dataSource.manager, kind, null, unit);
    this.platformAccounts.set(key, id);
    return id;
  }

  async findWallet(manager: EntityManager, kind: WalletKind, ownerId: string, unit: string, lock = false): Promise<AccountState | undefined> {
    const rows: AccountRow[] = await manager.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE kind = $1 AND owner_id = $2 AND unit = $3${lock ? ' FOR UPDATE' : ''}`,
      [kind, ownerId, unit],
    );
    return rows[0] && toAccountState(rows[0]);
  }

  /** The wallet, created if need be, locked until the transaction ends. */
  async lockedWallet(manager: EntityManager, kind: WalletKind, ownerId: string, unit: string): Promise<AccountState> {
    const found = await this.findWallet(manager, kind, ownerId, unit, true);
    if (found) return found;
    await this.wallet(manager, kind, ownerId, unit);
    return (await this.findWallet(manager, kind, ownerId, unit, true))!;
  }

  async state(manager: EntityManager, accountId: string): Promise<AccountState> {
    const rows: AccountRow[] = await manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [accountId]);
    return toAccountState(rows[0]);
  }

  /** Changes the amount held on a wallet; a hold that the balance does not cover changes nothing and answers undefined. */
  async hold(manager: EntityManager, accountId: string, amount: number): Promise<AccountState | undefined> {
    const rows = returnedRows<AccountRow>(
      await manager.query(
        `UPDATE accounts SET reserved = reserved + $2 WHERE id = $1 AND balance - reserved >= $2 RETURNING ${ACCOUNT_COLUMNS}`,
        [accountId, amount],
      ),
    );
    return rows[0] && toAccountState(rows[0]);
  }

  async unhold(manager: EntityManager, accountId: string, amount: number): Promise<AccountState> {
    const rows = returnedRows<AccountRow>(
      await manager.query(`UPDATE accounts SET reserved = reserved - $2 WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`, [accountId, amount]),
    );
    return toAccountState(rows[0]);
  }

  /** Records a transaction; returns its id, or undefined if (kind, reference) was posted before. */
  async post(manager: EntityManager, posting: Posting): Promise<string | undefined> {
    return (await this.postMany(manager, [posting]))[0];
  }

  /**
   * Records many transactions in two statements (one multi-row insert of transactions, one of their
   * entries); answers each one's id, or undefined where (kind, reference) was posted before. The
   * entries go in a stable account order, so two batches touching the same wallets lock them in the
   * same order; the database still applies and checks every entry (balance trigger, zero sum at commit).
   */
  async postMany(manager: EntityManager, postings: readonly Posting[]): Promise<(string | undefined)[]> {
    if (postings.length === 0) return [];
    const ids = postings.map((posting) => posting.id ?? uuidv7());
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO ledger_transactions (id, kind, organization_id, reference, description, actor_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::uuid[])
       ON CONFLICT (kind, reference) DO NOTHING RETURNING id`,
      [
        ids,
        postings.map((posting) => posting.kind),
        postings.map((posting) => posting.organizationId ?? null),
        postings.map((posting) => posting.reference),
        postings.map((posting) => posting.description ?? null),
        postings.map((posting) => posting.actorId ?? null),
      ],
    );
    const recorded = new Set(inserted.map((row) => row.id));
    const entries = postings
      .flatMap((posting, index) => (recorded.has(ids[index]) ? posting.entries.map((entry) => ({ ...entry, transactionId: ids[index] })) : []))
      .filter((entry) => entry.amount !== 0)
      .sort((a, b) => a.accountId.localeCompare(b.accountId));
    if (entries.length > 0) {
      // Each entry records its wallet's balance after it (the database checks it); the wallets are
      // locked first, so their balance cannot move between this read and the trigger applying the totals.
      await manager.query(
        `WITH wallets AS (
           SELECT id, balance FROM accounts WHERE id = ANY($2::uuid[]) AND kind IN ('customer_wallet', 'reward_wallet') ORDER BY id FOR UPDATE
         )
         INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after)
         SELECT e.transaction_id, e.account_id, e.amount,
                w.balance + sum(e.amount) OVER (PARTITION BY e.account_id ORDER BY e.position)
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) WITH ORDINALITY AS e(transaction_id, account_id, amount, position)
           LEFT JOIN wallets w ON w.id = e.account_id
         ORDER BY e.position`,
        [entries.map((entry) => entry.transactionId), entries.map((entry) => entry.accountId), entries.map((entry) => entry.amount)],
      );
    }
    return ids.map((id) => (recorded.has(id) ? id : undefined));
  }

  private async account(manager: EntityManager, kind: string, ownerId: string | null, unit: string): Promise<string> {
    const found: { id: string }[] = await manager.query(
      `SELECT id FROM accounts WHERE kind = $1 AND owner_id IS NOT DISTINCT FROM $2 AND unit = $3`,
      [kind, ownerId, unit],
    );
    if (found[0]) return found[0].id;
    await manager.query(
      `INSERT INTO accounts (id, kind, owner_id, unit) VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT accounts_owner DO NOTHING`,
      [uuidv7(), kind, ownerId, unit],
    );
    const created: { id: string }[] = await manager.query(
      `SELECT id FROM accounts WHERE kind = $1 AND owner_id IS NOT DISTINCT FROM $2 AND unit = $3`,
      [kind, ownerId, unit],
    );
    return created[0].id;
  }
}
