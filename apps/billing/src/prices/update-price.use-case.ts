import { Injectable } from '@nestjs/common';
import { BillingErrorCode, PriceView, UpdatePriceRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { BillingError } from '../shared/billing-error';
import { toPriceView } from './price-view';
import { PricesRepository } from './prices.repository';

@Injectable()
export class UpdatePriceUseCase {
  constructor(
    private readonly prices: PricesRepository,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: UpdatePriceRequest): Promise<PriceView> {
    const row = await this.prices.update(request.priceId, request.unitPrice);
    if (!row) throw new BillingError(BillingErrorCode.PriceNotFound, 'there is no such price');
    return toPriceView(row, this.settings.BILLING_CURRENCY);
  }
}
