import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerEntryKind } from '@zagel/contracts';

export interface LedgerEntryRow {
  id: string;
  transaction_id: string;
  kind: LedgerEntryKind;
  amount: string;
  balance_after: string | null;
  reference: string;
  description: string | null;
  created_at: Date;
}

export interface LedgerFilter {
  kind?: LedgerEntryKind;
  from?: string;
  to?: string;
  /** Entries older than this id (the previous page's last). */
  before?: string;
}

/** Reads of one account's side of the ledger, newest first. */
@Injectable()
export class WalletsRepository {
  constructor(private readonly dataSource: DataSource) {}

  entries(accountId: string, filter: LedgerFilter, limit: number): Promise<LedgerEntryRow[]> {
    const conditions = ['e.account_id = $1'];
    const params: unknown[] = [accountId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.kind) add('t.kind = ?', filter.kind);
    if (filter.from) add('e.created_at >= ?', filter.from);
    if (filter.to) add('e.created_at < ?', filter.to);
    if (filter.before) add('e.id < ?', filter.before);
    params.push(limit);
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.transaction_id, t.kind, e.amount, e.balance_after, t.reference, t.description, e.created_at
       FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
