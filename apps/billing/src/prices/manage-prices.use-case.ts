import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { BillingErrorCode, CreatePriceRequest, ListPricesRequest, DeletedPrice, DeletePriceRequest, PriceList, PriceView, UpdatePriceRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { BillingError } from '../shared/billing-error';
import { PriceRow, PricesRepository } from './prices.repository';

/** The price list (public) and the operators' changes to it. */
@Injectable()
export class ManagePricesUseCase {
  constructor(
    private readonly prices: PricesRepository,
    private readonly settings: BillingConfig,
  ) {}

  async list(request: ListPricesRequest): Promise<PriceList> {
    const rows = await this.prices.list(request.country);
    return { currency: this.settings.BILLING_CURRENCY, items: rows.map((row) => this.view(row)) };
  }

  async create(request: CreatePriceRequest): Promise<PriceView> {
    const row = await this.prices.insert({ id: uuidv7(), ...request });
    if (!row) throw new BillingError(BillingErrorCode.PriceExists, 'a price for this country, route and message type exists; update it instead');
    return this.view(row);
  }

  async update(request: UpdatePriceRequest): Promise<PriceView> {
    const row = await this.prices.update(request.priceId, request.unitPrice);
    if (!row) throw new BillingError(BillingErrorCode.PriceNotFound, 'there is no such price');
    return this.view(row);
  }

  async delete(request: DeletePriceRequest): Promise<DeletedPrice> {
    const row = await this.prices.find(request.priceId);
    if (!row) throw new BillingError(BillingErrorCode.PriceNotFound, 'there is no such price');
    if (!row.country && !row.route && !row.message_type) {
      throw new BillingError(BillingErrorCode.DefaultPriceRequired, 'the default price matches every message and cannot be deleted; update it instead');
    }
    await this.prices.delete(row.id);
    return { id: row.id };
  }

  private view(row: PriceRow): PriceView {
    return {
      id: row.id,
      ...(row.country ? { country: row.country } : {}),
      ...(row.route ? { route: row.route } : {}),
      ...(row.message_type ? { messageType: row.message_type } : {}),
      unitPrice: Number(row.unit_price),
      currency: this.settings.BILLING_CURRENCY,
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
