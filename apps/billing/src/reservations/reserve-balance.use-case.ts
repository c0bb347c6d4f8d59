import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { ReservationView, ReserveBalanceRequest } from '@zagel/contracts';
import { CloseAllowanceUseCase } from '../allowances/close-allowance.use-case';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { decideReservations } from './decide-reservations';
import { insufficientFunds } from './reservations.errors';
import { NewReservation, ReservationRow, ReservationsRepository, toReservationView } from './reservations.repository';

/**
 * Holds an amount on the organization's wallet for one reference, or fails with the shortfall.
 *
 * Every reservation of one wallet must pass through that wallet's row lock, and a lock held until
 * a commit (a WAL flush) caps one wallet at a few hundred reservations a second. So requests for
 * the same organization that arrive while its previous batch is committing wait and go together:
 * one transaction locks the wallet, decides each request in arrival order (each fits or not on its
 * own), inserts the new reservations and moves `reserved` once. An idle wallet's request goes alone
 * at once. The same reference answers its first reservation. When a request does not fit while the
 * organization's prepaid allowance holds an unspent block, the allowance is closed (its unspent part
 * returns to the wallet) and the batch decided again: the allowance never refuses a send the wallet can pay.
 */
@Injectable()
export class ReserveBalanceUseCase {
  private readonly commits = new GroupCommit<string, ReserveBalanceRequest, ReservationView>((organizationId, batch) =>
    this.commit(organizationId, batch),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly lowBalance: LowBalanceWatch,
    private readonly closeAllowance: CloseAllowanceUseCase,
    private readonly settings: BillingConfig,
  ) {}

  execute(request: ReserveBalanceRequest): Promise<ReservationView> {
    return this.commits.add(request.organizationId, request);
  }

  private async commit(organizationId: string, batch: ReserveBalanceRequest[]): Promise<ItemOutcome<ReservationView>[]> {
    const outcomes = await this.decide(organizationId, batch);
    if (outcomes.every((outcome) => outcome.ok)) return outcomes;
    const { returned } = await this.closeAllowance.execute({ organizationId });
    return returned > 0 ? this.decide(organizationId, batch) : outcomes;
  }

  private async decide(organizationId: string, batch: ReserveBalanceRequest[]): Promise<ItemOutcome<ReservationView>[]> {
    const currency = this.settings.BILLING_CURRENCY;
    const outcomes = await this.dataSource.transaction(async (manager) => {
      const wallet = await this.ledger.lockedWallet(manager, 'customer_wallet', organizationId, currency);
      const walletId = wallet.id;
      const references = [...new Set(batch.map((request) => request.reference))];
      const known = new Map<string, ReservationRow>(
        (await this.reservations.findMany(manager, organizationId, references)).map((row) => [row.reference, row]),
      );
      const decision = decideReservations(
        batch,
        wallet.balance - wallet.reserved,
        new Set(known.keys()),
      );
      const fresh: NewReservation[] = decision.granted.map((request) => ({
        id: uuidv7(),
        reference: request.reference,
        amount: request.amount,
        pricing: request.pricing,
        expiresInSeconds: request.expiresInSeconds ?? this.settings.BILLING_RESERVATION_TTL_SECONDS,
      }));
      if (fresh.length > 0) {
        // The wallet row is locked: nobody else can have inserted these references meanwhile.
        const inserted = await this.reservations.insertMany(manager, { organizationId, accountId: walletId }, fresh);
        for (const row of inserted) known.set(row.reference, row);
        const held = await this.ledger.hold(manager, walletId, inserted.reduce((sum, row) => sum + Number(row.amount), 0));
        await this.lowBalance.afterChange(manager, held!);
      }
      return { known, refused: decision.refused };
    });
    return batch.map((request) => {
      const row = outcomes.known.get(request.reference);
      return row
        ? { ok: true, value: toReservationView(row, currency) }
        : { ok: false, error: insufficientFunds(request.amount, outcomes.refused.get(request.reference) ?? 0, currency) };
    });
  }
}
