import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PricedRoute, ReservationView } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
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

/**
 * Closes reservations: capture (all or part: the wallet pays, platform revenue earns, the rest is
 * freed) or release. Both lock the reservation row, so a capture and a release of one reference
 * serialize and the second sees the first's outcome; repeating either answers the same view.
 */
@Injectable()
export class SettleReservation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly reservations: ReservationsRepository,
    private readonly priceBook: PriceBook,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
  ) {}

  async capture(order: CaptureOrder): Promise<ReservationView> {
    return this.dataSource.transaction((manager) => this.captureIn(manager, order));
  }

  async release(organizationId: string, reference: string): Promise<ReservationView> {
    return this.dataSource.transaction((manager) => this.releaseIn(manager, organizationId, reference));
  }

  /** Capture inside the caller's transaction (an event consumer's, with its inbox claim). */
  async captureIn(manager: EntityManager, order: CaptureOrder): Promise<ReservationView> {
    const currency = this.settings.BILLING_CURRENCY;
    const revenue = await this.ledger.platformAccount('platform_revenue', currency);
    const row = await this.open(manager, order.organizationId, order.reference, 'captured');
    if (row.status === 'captured') return toReservationView(row, currency);
    const reserved = Number(row.amount);
    const wanted = order.amount ?? (row.pricing && order.route ? await this.priceBook.priceOf(row.pricing, order.route, manager) : reserved);
    const amount = Math.min(wanted, reserved);
    // The reservation row first: the wallet's row lock, which every reservation and capture of the
    // organization queues for, is then held for the ledger writes and the commit only.
    const closed = await this.reservations.close(manager, row.id, 'captured', amount);
    // Free the hold before debiting: the wallet's balance must cover what stays reserved.
    await this.ledger.unhold(manager, row.account_id, reserved);
    await this.ledger.post(manager, {
      kind: 'capture',
      reference: row.id,
      organizationId: row.organization_id,
      description: `reservation ${row.reference}`,
      entries: [
        { accountId: row.account_id, amount: -amount },
        { accountId: revenue, amount },
      ],
    });
    await this.lowBalance.afterChange(manager, await this.ledger.state(manager, row.account_id));
    return toReservationView(closed, currency);
  }

  async releaseIn(manager: EntityManager, organizationId: string, reference: string): Promise<ReservationView> {
    const currency = this.settings.BILLING_CURRENCY;
    const row = await this.open(manager, organizationId, reference, 'released');
    if (row.status !== 'open') return toReservationView(row, currency);
    // As in capture: the wallet's lock last.
    const closed = await this.reservations.close(manager, row.id, 'released');
    const wallet = await this.ledger.unhold(manager, row.account_id, Number(row.amount));
    await this.lowBalance.afterChange(manager, wallet);
    return toReservationView(closed, currency);
  }

  /**
   * The locked reservation, open or already closed the way the caller wants (a repeat); closed the
   * other way is `reservation_closed`. A release after expiry counts as a repeat: the money is free either way.
   */
  private async open(
    manager: EntityManager,
    organizationId: string,
    reference: string,
    outcome: 'captured' | 'released',
  ): Promise<ReservationRow> {
    const row = await this.reservations.find(manager, organizationId, reference, true);
    if (!row) throw reservationNotFound(reference);
    if (row.status === 'open') return row;
    const repeat = outcome === 'captured' ? row.status === 'captured' : row.status !== 'captured';
    if (!repeat) throw reservationClosed(reference, row.status);
    return row;
  }
}
