import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BillingClient } from '@zagel/billing-client';
import { BatchAccepted, IngestionErrorCode, MessageContent, PriceQuote, RejectedItem, SendBatchRequest } from '@zagel/contracts';
import { OptOutsRepository } from '../opt-outs/opt-outs';
import { IngestionError } from '../shared/ingestion-error';
import { messageContentProblem } from './message-content-check';
import { MessageComposer } from './message-composer';
import { MessageDraft } from './message-draft';
import { MessageWriter } from './message-writer';
import { pricedRoute, pricingOf, reservationSeconds } from './pricing';
import { acceptedView } from './send-message.use-case';

type Unpriced = Omit<MessageDraft, 'price' | 'currency'>;

function withDefaults(defaults: MessageContent | undefined, item: MessageContent): MessageContent {
  if (!defaults) return item;
  const own = Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined && value !== null));
  return { ...defaults, ...own };
}

function quoteKey(draft: Unpriced): string {
  return `${draft.country}|${draft.type}|${draft.segments}|${pricedRoute(draft.routePreference) ?? ''}`;
}

/**
 * Up to 10,000 messages: each item validated on its own (the reply lists rejected indexes with the
 * reason), opt-outs looked up with one query, one quote per distinct (country, type, segments, route),
 * one ReserveMany for all, then rows and history written in bulk and the routing requested on the
 * bulk lane (`message.batch.requested`, ≤ 500 recipients each), in one transaction.
 */
@Injectable()
export class SendBatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly composer: MessageComposer,
    private readonly optOuts: OptOutsRepository,
    private readonly billing: BillingClient,
    private readonly writer: MessageWriter,
  ) {}

  async execute(request: SendBatchRequest): Promise<BatchAccepted> {
    const { organizationId } = request;
    const now = new Date();
    const batchId = uuidv7();
    const lookups = this.composer.lookups(organizationId);
    const rejected: RejectedItem[] = [];
    const candidates: { index: number; draft: Unpriced }[] = [];
    const defaultsProblem = request.defaults ? messageContentProblem(request.defaults as Record<string, unknown>) : undefined;
    if (defaultsProblem) throw new IngestionError(IngestionErrorCode.MissingContent, `defaults: ${defaultsProblem}`);
    for (const [index, item] of request.messages.entries()) {
      const problem = messageContentProblem(item as Record<string, unknown>);
      if (problem) {
        rejected.push({ index, code: IngestionErrorCode.InvalidMessage, reason: problem });
        continue;
      }
      const composed = await this.composer.compose(organizationId, withDefaults(request.defaults, item), lookups, now);
      if (composed.ok) candidates.push({ index, draft: { ...composed.draft, batchId } });
      else rejected.push({ index, code: composed.code, reason: composed.reason });
    }

    const promotional = candidates.filter(({ draft }) => draft.type === 'promotional').map(({ draft }) => draft.to);
    const optedOut = await this.optOuts.optedOut(organizationId, promotional);
    const reachable = candidates.filter(({ index, draft }) => {
      if (draft.type !== 'promotional' || !optedOut.has(draft.to)) return true;
      rejected.push({ index, code: IngestionErrorCode.OptedOut, reason: `${draft.to} opted out of promotional messages` });
      return false;
    });

    const quotes = await this.quotes(organizationId, reachable.map(({ draft }) => draft));
    const drafts: { index: number; draft: MessageDraft }[] = reachable.map(({ index, draft }) => {
      const quote = quotes.get(quoteKey(draft)) as PriceQuote;
      return { index, draft: { ...draft, price: quote.amount, currency: quote.currency } };
    });

    const accepted = await this.reserveAndWrite(organizationId, drafts, rejected, now);
    rejected.sort((a, b) => a.index - b.index);
    return {
      batchId,
      accepted: accepted.map(acceptedView),
      rejected,
      totalPrice: accepted.reduce((sum, draft) => sum + draft.price, 0),
      currency: accepted[0]?.currency ?? (quotes.values().next().value as PriceQuote | undefined)?.currency ?? '',
    };
  }

  /**
   * Reserves all drafts with one ReserveMany and, while billing works on it, writes them in a
   * transaction that commits only once the reservation is known: drafts billing could not cover
   * are removed again, and a failed reservation rolls everything back. Nothing is visible or
   * published before it is paid for; the two halves just overlap in time.
   */
  private async reserveAndWrite(
    organizationId: string,
    drafts: { index: number; draft: MessageDraft }[],
    rejected: RejectedItem[],
    now: Date,
  ): Promise<MessageDraft[]> {
    if (drafts.length === 0) return [];
    const latest = drafts.reduce<Date | undefined>(
      (max, { draft }) => (draft.scheduleAt && (!max || draft.scheduleAt > max) ? draft.scheduleAt : max),
      undefined,
    );
    const expiresInSeconds = reservationSeconds(latest, now);
    const reservation = this.billing.reserveMany({
      organizationId,
      items: drafts.map(({ draft }) => ({ reference: draft.id, amount: draft.price, pricing: pricingOf(draft) })),
      ...(expiresInSeconds ? { expiresInSeconds } : {}),
    });
    // Settled here too, so a write failure does not leave an unobserved rejection behind.
    reservation.catch(() => undefined);
    return this.dataSource.transaction(async (manager) => {
      await this.writer.store(manager, organizationId, drafts.map(({ draft }) => draft), now);
      const reply = await reservation;
      const shortfalls = new Map(reply.insufficient.map((item) => [item.reference, item.shortfall]));
      const uncovered: string[] = [];
      const covered = drafts.filter(({ index, draft }) => {
        const shortfall = shortfalls.get(draft.id);
        if (shortfall === undefined) return true;
        uncovered.push(draft.id);
        rejected.push({ index, code: IngestionErrorCode.InsufficientFunds, reason: `the balance is ${shortfall} short for this message` });
        return false;
      });
      await this.writer.unwrite(manager, organizationId, uncovered);
      const paid = covered.map(({ draft }) => draft);
      await this.writer.requestInBatches(manager, organizationId, paid);
      return paid;
    });
  }

  private async quotes(organizationId: string, drafts: Unpriced[]): Promise<Map<string, PriceQuote>> {
    const distinct = new Map<string, Unpriced>();
    for (const draft of drafts) if (!distinct.has(quoteKey(draft))) distinct.set(quoteKey(draft), draft);
    const entries = await Promise.all(
      [...distinct].map(async ([key, draft]) => {
        const route = pricedRoute(draft.routePreference);
        const quote = await this.billing.quote({
          organizationId,
          country: draft.country,
          messageType: draft.type,
          segments: draft.segments,
          ...(route ? { route } : {}),
        });
        return [key, quote] as const;
      }),
    );
    return new Map(entries);
  }
}
