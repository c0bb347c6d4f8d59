import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { BillingErrorCode, CreatePriceRequest, PriceView } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { BillingError } from '../shared/billing-error';
import { toPriceView } from './price-view';
import { PricesRepository } from './prices.repository';

@Injectable()
export class CreatePriceUseCase {
  constructor(
    private readonly prices: PricesRepository,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: CreatePriceRequest): Promise<PriceView> {
    const row = await this.prices.insert({ id: uuidv7(), ...request });
    if (!row) throw new BillingError(BillingErrorCode.PriceExists, 'a price for this country, route and message type exists; update it instead');
    return toPriceView(row, this.settings.BILLING_CURRENCY);
  }
}
