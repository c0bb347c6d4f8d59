import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { ReservationView, ReserveBalanceRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { insufficientFunds } from './reservations.errors';
import { ReservationsRepository, toReservationView } from './reservations.repository';

/** Raised inside the transaction to roll back a hold whose reference turned out to be reserved already. */
class ReferenceTaken extends Error {}

/**
 * Holds an amount on the organization's wallet for one reference, or fails with the shortfall.
 * The hold is a conditional update (`balance - reserved >= amount`), so concurrent reservations on
 * one wallet can never hold more than it has. The same reference answers the first reservation.
 */
@Injectable()
export class ReserveBalanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: ReserveBalanceRequest): Promise<ReservationView> {
    const currency = this.settings.BILLING_CURRENCY;
    const earlier = await this.reservations.find(this.dataSource.manager, request.organizationId, request.reference);
    if (earlier) return toReservationView(earlier, currency);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const walletId = await this.ledger.wallet(manager, 'customer_wallet', request.organizationId, currency);
        // Wallet first, then the reference: the same lock order as ReserveMany, so the two never deadlock.
        const wallet = await this.ledger.hold(manager, walletId, request.amount);
        if (!wallet) {
          const now = await this.ledger.state(manager, walletId);
          throw insufficientFunds(request.amount, now.balance - now.reserved, currency);
        }
        const [row] = await this.reservations.insertMany(manager, [
          {
            id: uuidv7(),
            organizationId: request.organizationId,
            accountId: walletId,
            reference: request.reference,
            amount: request.amount,
            pricing: request.pricing,
            expiresInSeconds: request.expiresInSeconds ?? this.settings.BILLING_RESERVATION_TTL_SECONDS,
          },
        ]);
        if (!row) throw new ReferenceTaken();
        await this.lowBalance.afterChange(manager, wallet);
        return toReservationView(row, currency);
      });
    } catch (error) {
      if (!(error instanceof ReferenceTaken)) throw error;
      const first = await this.reservations.find(this.dataSource.manager, request.organizationId, request.reference);
      return toReservationView(first!, currency);
    }
  }
}
