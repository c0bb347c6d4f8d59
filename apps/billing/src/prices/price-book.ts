import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessagePricing, MessageType, PRICED_ROUTES, PricedRoute, PriceQuote } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { PricesRepository } from './prices.repository';

/** What a message costs: the price per segment of its country, route and type, times its segments. */
@Injectable()
export class PriceBook {
  constructor(
    private readonly prices: PricesRepository,
    private readonly settings: BillingConfig,
  ) {}

  /** Without a route, the dearer of the two: what a sender must reserve before it knows where the message goes. */
  async quote(country: string, messageType: MessageType, segments: number, route?: PricedRoute, manager?: EntityManager): Promise<PriceQuote> {
    const routes = route ? [route] : PRICED_ROUTES;
    const unitPrices: number[] = [];
    for (const candidate of routes) unitPrices.push(await this.unitPrice(country, candidate, messageType, manager));
    const unitPrice = Math.max(...unitPrices);
    return { currency: this.settings.BILLING_CURRENCY, unitPrice, segments, amount: unitPrice * segments };
  }

  /** Pass the transaction's manager when inside one: a second pooled connection per transaction can starve the pool. */
  async priceOf(pricing: MessagePricing, route?: PricedRoute, manager?: EntityManager): Promise<number> {
    return (await this.quote(pricing.country, pricing.messageType, pricing.segments, route, manager)).amount;
  }

  /** The seeded catch-all row makes a match certain; were an operator to remove it by hand, a missing price is free rather than a failure. */
  private async unitPrice(country: string, route: PricedRoute, messageType: MessageType, manager?: EntityManager): Promise<number> {
    return (await this.prices.unitPrice(country, route, messageType, manager)) ?? 0;
  }
}
