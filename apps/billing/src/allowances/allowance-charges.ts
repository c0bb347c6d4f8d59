import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { allowanceSpendKey, CLAIM_ALLOWANCE_SPENDS } from '@zagel/billing-client';
import { MessagePricing } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { BillingConfig } from '../config';
import { Ledger, Posting } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { PriceBook } from '../prices/price-book';
import { SettleOrder } from '../reservations/settle-reservation';

/** A message's spend from the prepaid allowance, claimed for settlement by its fate. */
export interface ClaimedSpend {
  allowanceId: string;
  /** What was spent for it (its quote), minor units. */
  held: number;
  pricing: MessagePricing;
}

/** The claimed spends of one organization, by message id. */
export type ClaimedSpends = ReadonlyMap<string, ClaimedSpend>;

/**
 * Settles the messages paid from the prepaid allowance the way a reservation is settled: on the
 * message's first settling status it is charged the price of the route it took (never more than was
 * spent; nothing when it failed) and the rest goes back to the wallet. The spend itself is captured by
 * the allowance's own settlement, so the message's net charge is exact whichever comes first, and
 * whether the allowance is still open or not.
 *
 * The message's spend record in Redis (written by the spend) is claimed first, outside the
 * transaction; the charge is then recorded once in `allowance_charges` (keyed by message id) with its
 * return posted in the same transaction, and the record deleted after the commit. A redelivered or
 * late status, a retried transaction, another billing instance: each claims the same record and finds
 * the charge recorded, so nothing is returned twice. A sender's give-back loses to a claim, and the
 * other way round: one of the two settles the message.
 */
@Injectable()
export class AllowanceCharges {
  private readonly logger = new Logger(AllowanceCharges.name);

  constructor(
    private readonly ledger: Ledger,
    private readonly priceBook: PriceBook,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Claims the spend records of these messages (one EVALSHA): those paid from the allowance and not given back. */
  async claim(organizationId: string, messageIds: readonly string[]): Promise<ClaimedSpends> {
    const unique = [...new Set(messageIds)];
    const claimed = new Map<string, ClaimedSpend>();
    if (unique.length === 0) return claimed;
    const reply = await CLAIM_ALLOWANCE_SPENDS.run(this.redis, { keys: unique.map((messageId) => this.recordKey(organizationId, messageId)) });
    if (!Array.isArray(reply) || reply.length !== unique.length) throw new Error(`unexpected reply from the allowance claim script: ${JSON.stringify(reply)}`);
    reply.forEach((record: unknown, index) => {
      if (!Array.isArray(record) || record.length !== 3) return;
      const [allowanceId, amount, pricing] = record.map(String);
      claimed.set(unique[index], { allowanceId, held: Number(amount), pricing: JSON.parse(pricing) as MessagePricing });
    });
    return claimed;
  }

  /**
   * Charges each claimed message by its first order in the caller's transaction, once: the charge
   * rows first (in message order, before any other lock of the settlement), then one return posting
   * per message that was charged less than it spent.
   */
  async settleIn(manager: EntityManager, organizationId: string, orders: readonly SettleOrder[], claimed: ClaimedSpends): Promise<void> {
    const first = new Map<string, SettleOrder>();
    for (const order of orders) if (claimed.has(order.reference) && !first.has(order.reference)) first.set(order.reference, order);
    if (first.size === 0) return;
    const charges = [];
    for (const [messageId, order] of [...first.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const spend = claimed.get(messageId)!;
      const route = order.outcome === 'captured' ? (order.route ?? null) : null;
      charges.push({ messageId, spend, outcome: order.outcome, route, charged: await this.chargeOf(manager, spend, order) });
    }
    const inserted: { message_id: string }[] = await manager.query(
      `INSERT INTO allowance_charges (message_id, organization_id, allowance_id, held, charged, outcome, route)
       SELECT message_id, $1, allowance_id, held, charged, outcome, route
       FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::text[], $7::text[]) AS c(message_id, allowance_id, held, charged, outcome, route)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [
        organizationId,
        charges.map((charge) => charge.messageId),
        charges.map((charge) => charge.spend.allowanceId),
        charges.map((charge) => charge.spend.held),
        charges.map((charge) => charge.charged),
        charges.map((charge) => charge.outcome),
        charges.map((charge) => charge.route),
      ],
    );
    const fresh = new Set(inserted.map((row) => row.message_id));
    const returns = charges.filter((charge) => fresh.has(charge.messageId) && charge.spend.held > charge.charged);
    if (returns.length === 0) return;
    const currency = this.settings.BILLING_CURRENCY;
    const wallet = await this.ledger.findWallet(manager, 'customer_wallet', organizationId, currency);
    if (!wallet) throw new Error(`organization ${organizationId} has allowance spends but no wallet`);
    const revenue = await this.ledger.platformAccount('platform_revenue', currency);
    const postings: Posting[] = returns.map((charge) => ({
      kind: 'capture',
      reference: charge.messageId,
      organizationId,
      description: `message ${charge.messageId}: ${charge.charged} charged (${charge.route ?? charge.outcome}) of ${charge.spend.held} spent from allowance ${charge.spend.allowanceId}`,
      entries: [
        { accountId: wallet.id, amount: charge.spend.held - charge.charged },
        { accountId: revenue, amount: charge.charged - charge.spend.held },
      ],
    }));
    await this.ledger.postMany(manager, postings);
    await this.lowBalance.afterChange(manager, await this.ledger.state(manager, wallet.id));
  }

  /** After the commit: the claimed records are settled for good (best effort; each expires anyway). */
  async forget(organizationId: string, messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    try {
      await this.redis.del(messageIds.map((messageId) => this.recordKey(organizationId, messageId)));
    } catch (error) {
      this.logger.warn(`settled allowance spend records not deleted (they expire): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** What a message is charged: its route's price (at most what was spent), all it spent without a route, nothing when released. */
  private async chargeOf(manager: EntityManager, spend: ClaimedSpend, order: SettleOrder): Promise<number> {
    if (order.outcome === 'released') return 0;
    if (order.amount !== undefined) return Math.max(0, Math.min(order.amount, spend.held));
    if (!order.route) return spend.held;
    return Math.min(await this.priceBook.priceOf(spend.pricing, order.route, manager), spend.held);
  }

  private recordKey(organizationId: string, messageId: string): string {
    return allowanceSpendKey(this.keys, organizationId, messageId);
  }
}
