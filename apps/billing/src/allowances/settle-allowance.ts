import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { allowanceKeys, FINISH_ALLOWANCE_SETTLEMENT, TAKE_ALLOWANCE } from '@zagel/billing-client';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { AllowancesRepository } from './allowances.repository';

/** An allowance as the settlement needs it. */
export interface AllowanceRef {
  id: string;
  organizationId: string;
  seq: number;
}

/** A settlement taken out of Redis: what was spent from which allowance, and whether it closes it. */
interface TakenSettlement {
  id: string;
  allowanceId: string;
  spent: number;
  closes: boolean;
}

export interface SettledAmounts {
  captured: number;
  returned: number;
}

/** A settlement left pending by a crashed taker is applied before this call's own; more than this many in a row is a fault. */
const MAX_ROUNDS = 4;

/**
 * Settles an allowance: what was spent in Redis since the last settlement is taken out of the pool
 * (TAKE, atomic, under a new settlement id) and captured in one ledger transaction; closing also
 * removes the pool and returns what the allowance still holds to the wallet. The settlement's row
 * makes applying it idempotent, and it stays in Redis (`settling`) until applied: a crash between
 * the two steps leaves it there, and the next settlement of the organization, in this process or
 * another, applies it first. Every unit spent is captured exactly once, every unit not spent returned.
 */
@Injectable()
export class SettleAllowance {
  private readonly logger = new Logger(SettleAllowance.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly allowances: AllowancesRepository,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async settle(allowance: AllowanceRef, close: boolean): Promise<SettledAmounts> {
    const keys = allowanceKeys(this.keys, allowance.organizationId);
    const settlementId = uuidv7();
    const total: SettledAmounts = { captured: 0, returned: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const taken = readTaken(
        await TAKE_ALLOWANCE.run(this.redis, {
          keys: [keys.pool, keys.settling, keys.closed],
          args: [allowance.id, allowance.seq, settlementId, close ? 1 : 0],
        }),
      );
      if (!taken) return total;
      const applied = await this.apply(allowance.organizationId, taken);
      total.captured += applied.captured;
      total.returned += applied.returned;
      await FINISH_ALLOWANCE_SETTLEMENT.run(this.redis, { keys: [keys.settling], args: [taken.id] });
      if (taken.id === settlementId) return total;
    }
    throw new Error(`the allowance ${allowance.id} kept answering other pending settlements`);
  }

  /** Applies a taken settlement once (the wallet's lock first, then the allowance's, as every writer). */
  private apply(organizationId: string, taken: TakenSettlement): Promise<SettledAmounts> {
    const currency = this.settings.BILLING_CURRENCY;
    return this.dataSource.transaction(async (manager) => {
      const wallet = await this.ledger.lockedWallet(manager, 'customer_wallet', organizationId, currency);
      const row = await this.allowances.find(manager, taken.allowanceId, true);
      if (!row || !(await this.allowances.recordSettlement(manager, { ...taken, allowanceId: row.id }))) return { captured: 0, returned: 0 };
      const open = row.status === 'open';
      if (!open && taken.spent !== 0) {
        this.logger.error(`settlement ${taken.id} took ${taken.spent} spent from the closed allowance ${row.id}; nothing captured`);
      }
      let captured = 0;
      if (open && taken.spent !== 0) {
        captured = taken.spent;
        const revenue = await this.ledger.platformAccount('platform_revenue', currency);
        // The hold shrinks by what is captured before the debit (the balance must cover what stays
        // held); a negative settlement (amounts given back after an earlier one) credits first, then holds again.
        if (captured > 0) await this.ledger.unhold(manager, wallet.id, captured);
        const transactionId = await this.ledger.post(manager, {
          kind: 'capture',
          reference: taken.id,
          organizationId,
          description: `allowance ${row.id}`,
          entries: [
            { accountId: wallet.id, amount: -captured },
            { accountId: revenue, amount: captured },
          ],
        });
        if (captured < 0) await this.ledger.unhold(manager, wallet.id, captured);
        await this.allowances.addCaptured(manager, row.id, captured);
        if (transactionId) await this.allowances.linkTransaction(manager, taken.id, transactionId);
      }
      const returned = open && taken.closes ? await this.allowances.close(manager, row.id) : 0;
      if (returned > 0) await this.ledger.unhold(manager, wallet.id, returned);
      await this.lowBalance.afterChange(manager, await this.ledger.state(manager, wallet.id));
      return { captured, returned };
    });
  }
}

/** The taken settlement, or undefined when there was nothing to settle. */
function readTaken(reply: unknown): TakenSettlement | undefined {
  if (!Array.isArray(reply)) throw new Error(`unexpected reply from the allowance take script: ${JSON.stringify(reply)}`);
  if (reply.length === 0) return undefined;
  const fields = new Map<string, string>();
  for (let index = 0; index + 1 < reply.length; index += 2) fields.set(String(reply[index]), String(reply[index + 1]));
  const id = fields.get('id');
  const allowanceId = fields.get('allowance');
  if (!id || !allowanceId) throw new Error(`the allowance take script answered no settlement: ${JSON.stringify(reply)}`);
  return { id, allowanceId, spent: Number(fields.get('spent') ?? 0), closes: fields.get('close') === '1' };
}
