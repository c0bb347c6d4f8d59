import { Injectable } from '@nestjs/common';
import { ListPricesRequest, PriceList } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { toPriceView } from './price-view';
import { PricesRepository } from './prices.repository';

/** The price list: public, for customers and operators alike. */
@Injectable()
export class ListPricesUseCase {
  constructor(
    private readonly prices: PricesRepository,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: ListPricesRequest): Promise<PriceList> {
    const currency = this.settings.BILLING_CURRENCY;
    const rows = await this.prices.list(request.country);
    return { currency, items: rows.map((row) => toPriceView(row, currency)) };
  }
}
