import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { StripeWebhookOutcome, StripeWebhookReply, StripeWebhookRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { LowBalanceWatch } from '../ledger/low-balance-watch';
import { StripeClient } from './stripe-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stripe's signed events move money: a paid Checkout Session credits the wallet (once per
 * session, whichever of `completed` and `async_payment_succeeded` says so first), a refunded
 * charge debits the newly refunded amount. Each event id is recorded in the same transaction, so
 * a replay changes nothing; other event types are acknowledged and ignored.
 */
@Injectable()
export class HandleStripeWebhookUseCase {
  private readonly logger = new Logger(HandleStripeWebhookUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stripe: StripeClient,
    private readonly ledger: Ledger,
    private readonly lowBalance: LowBalanceWatch,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: StripeWebhookRequest): Promise<StripeWebhookReply> {
    const event = this.stripe.verifiedEvent(Buffer.from(request.payloadBase64, 'base64'), request.signature);
    const outcome = await this.dataSource.transaction(async (manager): Promise<StripeWebhookOutcome> => {
      const fresh: unknown[] = await manager.query(
        `INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type],
      );
      if (fresh.length === 0) return 'duplicate';
      switch (event.type) {
        case 'checkout.session.completed':
          return event.data.object.payment_status === 'paid' ? this.credit(manager, event.data.object) : 'ignored';
        case 'checkout.session.async_payment_succeeded':
          return this.credit(manager, event.data.object);
        case 'charge.refunded':
          return this.refund(manager, event.id, event.data.object);
        default:
          return 'ignored';
      }
    });
    return { eventId: event.id, outcome, type: event.type };
  }

  private async credit(manager: EntityManager, session: Stripe.Checkout.Session): Promise<StripeWebhookOutcome> {
    const currency = this.settings.BILLING_CURRENCY;
    const organizationId = session.metadata?.organizationId ?? session.client_reference_id ?? '';
    const amount = session.amount_total ?? 0;
    if (!UUID.test(organizationId) || amount <= 0 || session.currency?.toUpperCase() !== currency) {
      this.logger.warn(`checkout session ${session.id} has no organization, no amount or another currency; not credited`);
      return 'ignored';
    }
    const walletId = await this.ledger.wallet(manager, 'customer_wallet', organizationId, currency);
    const clearingId = await this.ledger.platformAccount('stripe_clearing', currency);
    const transactionId = await this.ledger.post(manager, {
      kind: 'stripe_top_up',
      reference: session.id,
      organizationId,
      description: 'Stripe Checkout top-up',
      entries: [
        { accountId: walletId, amount },
        { accountId: clearingId, amount: -amount },
      ],
    });
    if (!transactionId) return 'duplicate';
    const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
    await manager.query(
      `INSERT INTO checkout_sessions (id, organization_id, amount, currency, payment_intent_id, status, credited_at)
       VALUES ($1, $2, $3, $4, $5, 'credited', now())
       ON CONFLICT (id) DO UPDATE SET status = 'credited', credited_at = now(), payment_intent_id = EXCLUDED.payment_intent_id`,
      [session.id, organizationId, amount, currency, paymentIntent],
    );
    await this.lowBalance.afterChange(manager, await this.ledger.state(manager, walletId));
    return 'credited';
  }

  /**
   * Debits what was refunded since the last refund event of the charge. Money already spent cannot
   * be taken back (a wallet never goes below zero): the part not covered is recorded as unrecovered.
   */
  private async refund(manager: EntityManager, eventId: string, charge: Stripe.Charge): Promise<StripeWebhookOutcome> {
    const currency = this.settings.BILLING_CURRENCY;
    const organizationId = await this.organizationOfCharge(manager, charge);
    if (!organizationId || charge.currency.toUpperCase() !== currency) {
      this.logger.warn(`refunded charge ${charge.id} belongs to no known top-up; not debited`);
      return 'ignored';
    }
    await manager.query(`INSERT INTO stripe_refunds (charge_id, organization_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [charge.id, organizationId]);
    const [seen] = (await manager.query(`SELECT refunded_total FROM stripe_refunds WHERE charge_id = $1 FOR UPDATE`, [charge.id])) as {
      refunded_total: string;
    }[];
    const delta = charge.amount_refunded - Number(seen.refunded_total);
    if (delta <= 0) return 'ignored';
    const wallet = (await this.ledger.findWallet(manager, 'customer_wallet', organizationId, currency, true)) ?? undefined;
    const debit = Math.min(delta, Math.max((wallet?.balance ?? 0) - (wallet?.reserved ?? 0), 0));
    await manager.query(`UPDATE stripe_refunds SET refunded_total = $2, unrecovered = unrecovered + $3 WHERE charge_id = $1`, [
      charge.id,
      charge.amount_refunded,
      delta - debit,
    ]);
    if (delta > debit) this.logger.warn(`refund of charge ${charge.id}: ${delta - debit} already spent, recorded as unrecovered`);
    if (debit === 0 || !wallet) return 'ignored';
    const clearingId = await this.ledger.platformAccount('stripe_clearing', currency);
    await this.ledger.post(manager, {
      kind: 'stripe_refund',
      reference: eventId,
      organizationId,
      description: `Stripe refund of charge ${charge.id}`,
      entries: [
        { accountId: wallet.id, amount: -debit },
        { accountId: clearingId, amount: debit },
      ],
    });
    await this.lowBalance.afterChange(manager, await this.ledger.state(manager, wallet.id));
    return 'debited';
  }

  private async organizationOfCharge(manager: EntityManager, charge: Stripe.Charge): Promise<string | undefined> {
    const fromMetadata = charge.metadata?.organizationId;
    if (fromMetadata && UUID.test(fromMetadata)) return fromMetadata;
    const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
    if (!paymentIntent) return undefined;
    const rows: { organization_id: string }[] = await manager.query(
      `SELECT organization_id FROM checkout_sessions WHERE payment_intent_id = $1 LIMIT 1`,
      [paymentIntent],
    );
    return rows[0]?.organization_id;
  }
}
