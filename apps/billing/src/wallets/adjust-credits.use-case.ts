import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { AdjustCreditsRequest, AdjustmentView, BillingErrorCode } from '@zagel/contracts';
import { CloseAllowanceUseCase } from '../allowances/close-allowance.use-case';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { insufficientFunds } from '../reservations/reservations.errors';
import { BillingError } from '../shared/billing-error';
import { WalletBalance } from './wallet-balance';

/**
 * An operator credits or debits a wallet against the platform's adjustments account; the ledger
 * transaction records who and why. A debit may take only what is available (not what is reserved).
 * The unspent part of an open prepaid allowance counts as available (WalletBalance): a debit that does
 * not fit beside it closes the allowance, which returns that part to the wallet, and is tried again.
 */
@Injectable()
export class AdjustCreditsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly lowBalance: LowBalanceWatch,
    private readonly walletBalance: WalletBalance,
    private readonly closeAllowance: CloseAllowanceUseCase,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: AdjustCreditsRequest): Promise<AdjustmentView> {
    try {
      return await this.adjust(request);
    } catch (error) {
      if (!(error instanceof BillingError && error.code === BillingErrorCode.InsufficientFunds)) throw error;
      // A debit that would not fit even with the allowance's unspent part is refused as it is, changing nothing.
      if (-request.amount > (await this.available(request.organizationId))) throw error;
      const { returned } = await this.closeAllowance.execute({ organizationId: request.organizationId });
      if (returned === 0) throw error;
      return this.adjust(request);
    }
  }

  /** What the wallet shows available: its unheld balance and the unspent part of an open allowance. */
  private async available(organizationId: string): Promise<number> {
    const currency = this.settings.BILLING_CURRENCY;
    const manager = this.dataSource.manager;
    const wallet = await this.ledger.findWallet(manager, 'customer_wallet', organizationId, currency);
    return (await this.walletBalance.view(manager, organizationId, wallet, currency)).available;
  }

  private async adjust(request: AdjustCreditsRequest): Promise<AdjustmentView> {
    const currency = this.settings.BILLING_CURRENCY;
    const adjustmentsId = await this.ledger.platformAccount('adjustments', currency);
    const reference = request.idempotencyKey ? `${request.organizationId}:${request.idempotencyKey}` : uuidv7();
    return this.dataSource.transaction(async (manager) => {
      const wallet = await this.ledger.lockedWallet(manager, 'customer_wallet', request.organizationId, currency);
      const walletId = wallet.id;
      const earlier: { id: string; amount: string }[] = await manager.query(
        `SELECT t.id, e.amount FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.account_id = $2
         WHERE t.kind = 'adjustment' AND t.reference = $1`,
        [reference, walletId],
      );
      if (earlier[0]) {
        if (Number(earlier[0].amount) !== request.amount) {
          throw new BillingError(BillingErrorCode.AdjustmentConflict, 'this idempotency key was used for a different adjustment');
        }
        return { transactionId: earlier[0].id, amount: request.amount, balance: await this.walletBalance.view(manager, request.organizationId, wallet, currency) };
      }
      const available = wallet.balance - wallet.reserved;
      if (request.amount < 0 && -request.amount > available) throw insufficientFunds(-request.amount, available, currency);
      const transactionId = (await this.ledger.post(manager, {
        kind: 'adjustment',
        reference,
        organizationId: request.organizationId,
        description: request.reason,
        actorId: request.operatorId,
        entries: [
          { accountId: walletId, amount: request.amount },
          { accountId: adjustmentsId, amount: -request.amount },
        ],
      }))!;
      const after = await this.ledger.state(manager, walletId);
      await this.lowBalance.afterChange(manager, after);
      return { transactionId, amount: request.amount, balance: await this.walletBalance.view(manager, request.organizationId, after, currency) };
    });
  }
}
