import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerPage, ListLedgerRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { WalletsRepository } from './wallets.repository';

const DEFAULT_PAGE_SIZE = 50;

/** The organization's wallet movements, newest first, paged by entry id. */
@Injectable()
export class ListLedgerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly wallets: WalletsRepository,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: ListLedgerRequest): Promise<LedgerPage> {
    const currency = this.settings.BILLING_CURRENCY;
    const wallet = await this.ledger.findWallet(this.dataSource.manager, 'customer_wallet', request.organizationId, currency);
    if (!wallet) return { items: [] };
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const before = request.cursor && /^\d{1,18}$/.test(request.cursor) ? request.cursor : undefined;
    const rows = await this.wallets.entries(wallet.id, { kind: request.kind, from: request.from, to: request.to, before }, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        id: row.id,
        transactionId: row.transaction_id,
        kind: row.kind,
        amount: Number(row.amount),
        balanceAfter: Number(row.balance_after ?? 0),
        currency,
        reference: row.reference,
        ...(row.description ? { description: row.description } : {}),
        createdAt: row.created_at.toISOString(),
      })),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
    };
  }
}
