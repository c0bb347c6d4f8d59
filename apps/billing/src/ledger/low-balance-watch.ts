import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BillingLowBalance } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { BillingConfig } from '../config';
import { AccountState } from './accounts';
import { lowBalanceTransition } from './low-balance-transition';

/**
 * Announces `billing.low-balance` when a customer wallet's available balance drops below the
 * threshold, once per crossing: the flag on the account is set when it fires and cleared when
 * the wallet is back at or above the threshold. Call it inside the transaction that changed the
 * wallet, which holds the account's row lock.
 */
@Injectable()
export class LowBalanceWatch {
  constructor(private readonly settings: BillingConfig) {}

  async afterChange(manager: EntityManager, wallet: AccountState): Promise<void> {
    const threshold = this.settings.BILLING_LOW_BALANCE_THRESHOLD;
    const available = wallet.balance - wallet.reserved;
    const transition = lowBalanceTransition(available, threshold, wallet.lowBalanceAlerted);
    if (!wallet.ownerId || transition === 'none') return;
    if (transition === 'announce') {
      await manager.query(`UPDATE accounts SET low_balance_alerted = true WHERE id = $1`, [wallet.id]);
      await Outbox.add(
        manager,
        BillingLowBalance,
        {
          organizationId: wallet.ownerId,
          available,
          reserved: wallet.reserved,
          threshold,
          currency: this.settings.BILLING_CURRENCY,
          at: new Date().toISOString(),
        },
        { tenantId: wallet.ownerId },
      );
    } else {
      await manager.query(`UPDATE accounts SET low_balance_alerted = false WHERE id = $1`, [wallet.id]);
    }
  }
}
