import { Injectable } from '@nestjs/common';
import { BillingErrorCode, DeletedPrice, DeletePriceRequest } from '@zagel/contracts';
import { BillingError } from '../shared/billing-error';
import { PricesRepository } from './prices.repository';

/** Any price but the default one, which matches every message. */
@Injectable()
export class DeletePriceUseCase {
  constructor(private readonly prices: PricesRepository) {}

  async execute(request: DeletePriceRequest): Promise<DeletedPrice> {
    const row = await this.prices.find(request.priceId);
    if (!row) throw new BillingError(BillingErrorCode.PriceNotFound, 'there is no such price');
    if (!row.country && !row.route && !row.message_type) {
      throw new BillingError(
        BillingErrorCode.DefaultPriceRequired,
        'the default price matches every message and cannot be deleted; update it instead',
      );
    }
    await this.prices.delete(row.id);
    return { id: row.id };
  }
}
