import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { InsufficientItem, ReserveManyReply, ReserveManyRequest } from '@zagel/contracts';
import { CloseAllowanceUseCase } from '../allowances/close-allowance.use-case';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { NewReservation, ReservationsRepository } from './reservations.repository';

/**
 * Reserves a batch in order under one lock of the wallet: items fit until the first one that does
 * not, and that one and every later new item come back as insufficient, each with what the wallet
 * lacks to cover it and those before it (a campaign stops where the money does rather than skipping around). References reserved before count as reserved again.
 * Items that do not fit while the organization's prepaid allowance holds an unspent block close the
 * allowance (its unspent part returns to the wallet) and are reserved again.
 */
@Injectable()
export class ReserveManyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly lowBalance: LowBalanceWatch,
    private readonly closeAllowance: CloseAllowanceUseCase,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: ReserveManyRequest): Promise<ReserveManyReply> {
    const reply = await this.reserve(request);
    if (reply.insufficient.length === 0) return reply;
    const { returned } = await this.closeAllowance.execute({ organizationId: request.organizationId });
    return returned > 0 ? this.reserve(request) : reply;
  }

  private reserve(request: ReserveManyRequest): Promise<ReserveManyReply> {
    return this.dataSource.transaction(async (manager) => {
      const wallet = await this.ledger.lockedWallet(manager, 'customer_wallet', request.organizationId, this.settings.BILLING_CURRENCY);
      const walletId = wallet.id;
      const references = [...new Set(request.items.map((item) => item.reference))];
      const existing = await this.reservations.heldReferences(manager, request.organizationId, references);
      let remaining = wallet.balance - wallet.reserved;
      let dry = false;
      let unmet = 0;
      const fresh: NewReservation[] = [];
      const insufficient: InsufficientItem[] = [];
      const seen = new Set<string>();
      for (const item of request.items) {
        if (existing.has(item.reference) || seen.has(item.reference)) continue;
        seen.add(item.reference);
        if (!dry && item.amount <= remaining) {
          remaining -= item.amount;
          fresh.push({
            id: uuidv7(),
            reference: item.reference,
            amount: item.amount,
            pricing: item.pricing,
            expiresInSeconds: request.expiresInSeconds ?? this.settings.BILLING_RESERVATION_TTL_SECONDS,
          });
        } else {
          // What the wallet lacks to reserve everything up to and including this item.
          dry = true;
          unmet += item.amount;
          insufficient.push({ reference: item.reference, shortfall: unmet - remaining });
        }
      }
      const created = fresh.length > 0 ? await this.reservations.insertManyTotals(manager, { organizationId: request.organizationId, accountId: walletId }, fresh) : { count: 0, amount: 0 };
      if (created.count > 0) {
        const held = await this.ledger.hold(manager, walletId, created.amount);
        await this.lowBalance.afterChange(manager, held!);
      }
      return { reserved: existing.size + created.count, insufficient, available: remaining };
    });
  }
}
