import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { allowanceKeys, CREDIT_ALLOWANCE } from '@zagel/billing-client';
import { AllowanceGrant, GrantAllowanceRequest } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { insufficientFunds } from '../reservations/reservations.errors';
import { AllowancesRepository } from './allowances.repository';
import { SettleAllowance } from './settle-allowance';

/**
 * Grants a block of prepaid allowance: held on the wallet (as much of the block as is available),
 * committed, and only then credited in Redis, so Redis never holds a unit the ledger does not. An
 * organization has one open allowance at a time; an expired one is closed before a new one opens.
 * If the credit fails, the block stays held and goes back to the wallet when the allowance closes.
 */
@Injectable()
export class GrantAllowanceUseCase {
  private readonly logger = new Logger(GrantAllowanceUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly allowances: AllowancesRepository,
    private readonly settleAllowance: SettleAllowance,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async execute(request: GrantAllowanceRequest): Promise<AllowanceGrant> {
    const { organizationId } = request;
    const currency = this.settings.BILLING_CURRENCY;
    const wanted = request.amount ?? this.settings.BILLING_ALLOWANCE_BLOCK;
    const current = await this.allowances.openOf(this.dataSource.manager, organizationId);
    if (current && current.expires_at.getTime() <= Date.now()) {
      await this.settleAllowance.settle({ id: current.id, organizationId, seq: Number(current.seq) }, true);
    }
    const { row, granted } = await this.dataSource.transaction(async (manager) => {
      const wallet = await this.ledger.lockedWallet(manager, 'customer_wallet', organizationId, currency);
      const available = wallet.balance - wallet.reserved;
      const granted = Math.min(wanted, available);
      if (granted <= 0) throw insufficientFunds(wanted, available, currency);
      const row =
        (await this.allowances.openOf(manager, organizationId, true)) ??
        (await this.allowances.open(manager, { id: uuidv7(), organizationId, accountId: wallet.id, ttlSeconds: this.settings.BILLING_ALLOWANCE_TTL_SECONDS }));
      await this.allowances.addGrant(manager, row.id, granted);
      const held = await this.ledger.hold(manager, wallet.id, granted);
      await this.lowBalance.afterChange(manager, held!);
      return { row, granted };
    });
    const keys = allowanceKeys(this.keys, organizationId);
    let credited = false;
    try {
      credited = Number(await CREDIT_ALLOWANCE.run(this.redis, { keys: [keys.pool, keys.closed, keys.refill], args: [row.id, row.seq, granted] })) === 1;
    } catch (error) {
      this.logger.warn(`allowance ${row.id}: ${granted} held but not credited in Redis (${error instanceof Error ? error.message : String(error)}); it returns on close`);
    }
    return { allowanceId: row.id, organizationId, granted, credited, currency, expiresAt: row.expires_at.toISOString() };
  }
}
