import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { MessagePricing, PricedRoute, ReservationView } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger, Posting } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { PriceBook } from '../prices/price-book';
import { reservationClosed, reservationNotFound } from './reservations.errors';
import { ReservationRow, ReservationsRepository, toReservationView } from './reservations.repository';

export interface CaptureOrder {
  organizationId: string;
  reference: string;
  /** What to capture; at most the reserved amount, which is the default. */
  amount?: number;
  /** The route the message took: when the reservation knows its pricing, the capture is that route's price. */
  route?: PricedRoute;
}

/** One reservation to close: captured (all or part) or released. */
export type SettleOrder = ({ outcome: 'captured' } & CaptureOrder) | { outcome: 'released'; organizationId: string; reference: string };

/** How many settlements of one wallet go in one transaction at most. */
const MAX_BATCH = 500;

/**
 * Closes reservations: capture (all or part: the wallet pays, platform revenue earns, the rest is
 * freed) or release. Repeating either answers the same view; closing a reservation the other way
 * than it was closed is `reservation_closed`.
 *
 * Settlements are batched per wallet: the RPCs of one organization that arrive while its previous
 * batch commits go together (group commit), and every batch, from an RPC, a status event or a
 * status batch, is settled by `settleIn` in one transaction: one locking read of the reservations,
 * one update of them, one change of the wallet's hold, one multi-row ledger insert. One wallet then
 * settles hundreds of messages per commit instead of one.
 */
@Injectable()
export class SettleReservation {
  private readonly commits = new GroupCommit<string, SettleOrder, ReservationView>(
    (organizationId, orders) => this.dataSource.transaction((manager) => this.settleIn(manager, organizationId, orders)),
    { maxBatch: MAX_BATCH },
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly priceBook: PriceBook,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
  ) {}

  capture(order: CaptureOrder): Promise<ReservationView> {
    return this.commits.add(order.organizationId, { outcome: 'captured', ...order });
  }

  release(organizationId: string, reference: string): Promise<ReservationView> {
    return this.commits.add(organizationId, { outcome: 'released', organizationId, reference });
  }

  /** Capture inside the caller's transaction (an event consumer's, with its inbox claim). */
  async captureIn(manager: EntityManager, order: CaptureOrder): Promise<ReservationView> {
    return unwrap((await this.settleIn(manager, order.organizationId, [{ outcome: 'captured', ...order }]))[0]);
  }

  async releaseIn(manager: EntityManager, organizationId: string, reference: string): Promise<ReservationView> {
    return unwrap((await this.settleIn(manager, organizationId, [{ outcome: 'released', organizationId, reference }]))[0]);
  }

  /**
   * Settles one organization's orders in the caller's transaction, in order: each answers its
   * reservation's view, or why it alone was refused (`reservation_not_found`, `reservation_closed`).
   * The reservation rows are locked first (in id order, so batches of other instances cannot
   * deadlock with this one), the wallet's row last: its lock is held for the ledger writes and the commit only.
   */
  async settleIn(manager: EntityManager, organizationId: string, orders: readonly SettleOrder[]): Promise<ItemOutcome<ReservationView>[]> {
    const currency = this.settings.BILLING_CURRENCY;
    const references = [...new Set(orders.map((order) => order.reference))];
    const current = new Map((await this.reservations.lockMany(manager, organizationId, references)).map((row) => [row.reference, row]));
    const closing = new Map<string, ReservationRow>();
    const prices = new Map<string, Promise<number>>();
    const outcomes: ItemOutcome<ReservationRow>[] = [];
    for (const order of orders) {
      const row = current.get(order.reference);
      if (!row) {
        outcomes.push({ ok: false, error: reservationNotFound(order.reference) });
        continue;
      }
      if (row.status !== 'open') {
        const repeat = order.outcome === 'captured' ? row.status === 'captured' : row.status !== 'captured';
        outcomes.push(repeat ? { ok: true, value: row } : { ok: false, error: reservationClosed(order.reference, row.status) });
        continue;
      }
      const captured = order.outcome === 'captured' ? await this.captureAmount(manager, row, order, prices) : 0;
      const closed: ReservationRow = { ...row, status: order.outcome, captured_amount: String(captured) };
      current.set(order.reference, closed);
      closing.set(order.reference, closed);
      outcomes.push({ ok: true, value: closed });
    }
    if (closing.size > 0) await this.close(manager, [...closing.values()]);
    return outcomes.map((outcome) => (outcome.ok ? { ok: true, value: toReservationView(outcome.value, currency) } : outcome));
  }

  private async captureAmount(manager: EntityManager, row: ReservationRow, order: CaptureOrder, prices: Map<string, Promise<number>>): Promise<number> {
    const reserved = Number(row.amount);
    if (order.amount !== undefined) return Math.min(order.amount, reserved);
    if (!row.pricing || !order.route) return reserved;
    const pricing: MessagePricing = row.pricing;
    const key = `${pricing.country}:${pricing.messageType}:${pricing.segments}:${order.route}`;
    let price = prices.get(key);
    if (!price) {
      price = this.priceBook.priceOf(pricing, order.route, manager);
      prices.set(key, price);
    }
    return Math.min(await price, reserved);
  }

  /**
   * Writes the closed reservations, frees their holds and posts the captures: one ledger transaction
   * per wallet for all of its captured reservations (their sum; each reservation names it), so a
   * batch of 500 messages writes one transaction and two entries, and the wallet's row stays locked
   * for a few statements rather than for a thousand entries.
   */
  private async close(manager: EntityManager, closed: ReservationRow[]): Promise<void> {
    const revenue = await this.ledger.platformAccount('platform_revenue', this.settings.BILLING_CURRENCY);
    const held = new Map<string, number>();
    const captured = new Map<string, ReservationRow[]>();
    for (const row of closed) {
      held.set(row.account_id, (held.get(row.account_id) ?? 0) + Number(row.amount));
      if (row.status !== 'captured') continue;
      const rows = captured.get(row.account_id);
      if (rows) rows.push(row);
      else captured.set(row.account_id, [row]);
    }
    const postings: Posting[] = [];
    const captureTransactions = new Map<string, string>();
    for (const rows of captured.values()) {
      const posting = capturePosting(rows, revenue);
      postings.push(posting);
      for (const row of rows) captureTransactions.set(row.id, posting.id);
    }
    await this.reservations.closeMany(manager, closed, captureTransactions);
    const wallets = [...held.keys()].sort();
    // Free the holds before debiting: the wallet's balance must cover what stays reserved.
    for (const walletId of wallets) await this.ledger.unhold(manager, walletId, held.get(walletId)!);
    await this.ledger.postMany(manager, postings);
    for (const walletId of wallets) await this.lowBalance.afterChange(manager, await this.ledger.state(manager, walletId));
  }
}

/**
 * One wallet's captures as one transaction. A single reservation keeps its own reference (its id)
 * and names its message; several are referenced by the new transaction's id and counted.
 */
function capturePosting(rows: readonly ReservationRow[], revenue: string): Posting & { id: string } {
  const id = uuidv7();
  const total = rows.reduce((sum, row) => sum + Number(row.captured_amount), 0);
  const [first] = rows;
  return {
    id,
    kind: 'capture',
    reference: rows.length === 1 ? first.id : id,
    organizationId: first.organization_id,
    description: rows.length === 1 ? `reservation ${first.reference}` : `${rows.length} reservations`,
    entries: [
      { accountId: first.account_id, amount: -total },
      { accountId: revenue, amount: total },
    ],
  };
}

function unwrap(outcome: ItemOutcome<ReservationView>): ReservationView {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
