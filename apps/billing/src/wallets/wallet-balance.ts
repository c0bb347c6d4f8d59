import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { allowanceKeys } from '@zagel/billing-client';
import { BalanceView } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { AllowancesRepository } from '../allowances/allowances.repository';
import { AccountState } from '../ledger/accounts';

/**
 * A wallet as its customer reads it: `balance` = `available` + `reserved`, where `reserved` is what
 * sends pending hold (reservations, and allowance spends not settled yet) and `available` the rest.
 * The wallet's hold also covers the open prepaid allowance block; the part of it not spent yet (what
 * is left in Redis, or the whole block while it is not spendable there) is still the customer's to
 * spend, so it counts as available and is shown apart as `allowance` (a reservation or an operator's
 * debit that does not fit beside it closes the allowance and takes it).
 */
@Injectable()
export class WalletBalance {
  private readonly logger = new Logger(WalletBalance.name);

  constructor(
    private readonly allowances: AllowancesRepository,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async view(manager: EntityManager, organizationId: string, wallet: AccountState | undefined, currency: string): Promise<BalanceView> {
    const balance = wallet?.balance ?? 0;
    const held = wallet?.reserved ?? 0;
    const unspent = wallet ? await this.unspentAllowance(manager, organizationId) : undefined;
    if (unspent === undefined) return { available: balance - held, reserved: held, balance, currency };
    const allowance = Math.min(unspent, held);
    return { available: balance - held + allowance, reserved: held - allowance, allowance, balance, currency };
  }

  /** Undefined when the organization has no open allowance (the view then has no `allowance`). */
  private async unspentAllowance(manager: EntityManager, organizationId: string): Promise<number | undefined> {
    const open = await this.allowances.openOf(manager, organizationId);
    if (!open) return undefined;
    const block = Number(open.granted) - Number(open.captured);
    try {
      const [poolAllowance, left] = await this.redis.hmGet(allowanceKeys(this.keys, organizationId).pool, ['allowance', 'left']);
      if (poolAllowance !== open.id) return block;
      return Math.max(0, Math.min(Number(left ?? 0), block));
    } catch (error) {
      this.logger.warn(`the allowance left in Redis is unknown, its whole block is shown: ${error instanceof Error ? error.message : String(error)}`);
      return block;
    }
  }
}
