import { PriceView } from '@zagel/contracts';
import { PriceRow } from './prices.repository';

export function toPriceView(row: PriceRow, currency: string): PriceView {
  return {
    id: row.id,
    ...(row.country ? { country: row.country } : {}),
    ...(row.route ? { route: row.route } : {}),
    ...(row.message_type ? { messageType: row.message_type } : {}),
    unitPrice: Number(row.unit_price),
    currency,
    updatedAt: row.updated_at.toISOString(),
  };
}
